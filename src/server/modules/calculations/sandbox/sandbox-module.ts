import { newQuickJSWASMModuleFromVariant, type QuickJSWASMModule } from 'quickjs-emscripten-core';

/** The WebAssembly module of QuickJS in one sandbox worker: every run there gets its own runtime. */
export interface ModuleSlot {
  module: QuickJSWASMModule;
  /** Set when a run saw the module fail underneath QuickJS; nothing may touch it any more. */
  broken: boolean;
  /** Runtimes QuickJS refused to free (see noteLeak). */
  leaks: number;
}

/**
 * QuickJS 2025-09 (quickjs-emscripten 0.32.0, issues #257, #269) sometimes cannot free a runtime
 * after some scripts (long promise-job chains that were interrupted, OOM with live objects): it
 * aborts in JS_FreeRuntime. The abort happens after everything else was freed, so the module stays
 * sound and only that runtime's remains are lost; after this many the worker is replaced.
 */
const LEAKS_BEFORE_REPLACING = 50;

/** Compiling the WebAssembly takes some 15 ms, once per worker. */
export async function loadModule(): Promise<ModuleSlot> {
  const module = await newQuickJSWASMModuleFromVariant(import('@jitl/quickjs-wasmfile-release-sync'));
  return { module, broken: false, leaks: 0 };
}

/**
 * A trap, or Node's own stack overflowing inside the WebAssembly: the module may be corrupt.
 * Nothing touches it any more and the pool replaces its worker after the run.
 */
export function retireModule(slot: ModuleSlot): void {
  slot.broken = true;
}

/** A runtime QuickJS could not free (see LEAKS_BEFORE_REPLACING). */
export function noteLeak(slot: ModuleSlot): void {
  slot.leaks++;
}

/** The worker holding this module should be replaced by a fresh one. */
export function isWorn(slot: ModuleSlot): boolean {
  return slot.broken || slot.leaks >= LEAKS_BEFORE_REPLACING;
}
