import { newQuickJSWASMModuleFromVariant, type QuickJSWASMModule } from 'quickjs-emscripten-core';

/** The WebAssembly module of QuickJS: loaded once, shared by every run (each has its own runtime). */
export interface ModuleSlot {
  module: QuickJSWASMModule;
  /** Set when a run saw the module fail underneath QuickJS; nothing may touch it any more. */
  broken: boolean;
  /** The first runs through the module, before it serves anyone (see runInSandbox). */
  warmUp: Promise<void> | null;
  /** Runtimes QuickJS refused to free (see noteLeak). */
  leaks: number;
}

/**
 * QuickJS 2025-09 (quickjs-emscripten 0.32.0, issues #257, #269) sometimes cannot free a runtime
 * after some scripts (long promise-job chains that were interrupted, OOM with live objects): it
 * aborts in JS_FreeRuntime. The abort happens after everything else was freed, so the module stays
 * sound and only that runtime's remains are lost; after this many the module is replaced.
 */
const LEAKS_BEFORE_REPLACING = 50;

let loading: Promise<ModuleSlot> | null = null;
let current: ModuleSlot | null = null;
let loads = 0;
let leaked = 0;

/** The module, loaded on first use (compiling the WebAssembly takes some 15 ms, once). */
export function acquireModule(): Promise<ModuleSlot> {
  loading ??= newQuickJSWASMModuleFromVariant(import('@jitl/quickjs-wasmfile-release-sync')).then(
    (module) => {
      loads++;
      current = { module, broken: false, warmUp: null, leaks: 0 };
      return current;
    },
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

/**
 * Stops handing out a module. A broken one (a trap, Node's own stack overflowing inside it) may be
 * corrupt: runs still on it stop too. Either way the next run loads a fresh module and the old one
 * is left to the garbage collector.
 */
export function retireModule(slot: ModuleSlot, broken = true): void {
  if (broken) slot.broken = true;
  if (current === slot) {
    current = null;
    loading = null;
  }
}

/** A runtime QuickJS could not free (see LEAKS_BEFORE_REPLACING). */
export function noteLeak(slot: ModuleSlot): void {
  leaked++;
  if (++slot.leaks >= LEAKS_BEFORE_REPLACING) retireModule(slot, false);
}

/** How often the module was loaded in this process, and how many runtimes could not be freed. */
export function sandboxStats(): { loads: number; leakedRuntimes: number } {
  return { loads, leakedRuntimes: leaked };
}
