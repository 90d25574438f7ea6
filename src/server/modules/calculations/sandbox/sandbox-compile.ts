import { SANDBOX_LIMITS } from './sandbox-limits.js';
import { retireModule, type ModuleSlot } from './sandbox-module.js';
import { SCRIPT_FILE, wrapScript } from './sandbox-prelude.js';
import type { SyntaxProblem } from './sandbox-protocol.js';

/** Compiling is quick; the bound only keeps a pathological text from taking the memory. */
const MEMORY_BYTES = 64 * 1024 * 1024;
/**
 * The parser recurses with frames heavier than QuickJS counts: under the runs' own bound deep
 * nesting can still overflow Node's stack inside the WebAssembly, which would retire the module.
 * Half of it stops the parser first, at some 500 levels of nesting.
 */
const PARSER_STACK_BYTES = SANDBOX_LIMITS.stackBytes / 2;

/**
 * Compiles (never runs) `code` as the sandbox wraps it, in the worker's QuickJS module: null when
 * it compiles, else the first problem, on the author's own line.
 */
export function compileCheck(slot: ModuleSlot, code: string): SyntaxProblem | null {
  const runtime = slot.module.newRuntime();
  runtime.setMaxStackSize(PARSER_STACK_BYTES);
  runtime.setMemoryLimit(MEMORY_BYTES);
  const context = runtime.newContext();
  try {
    const result = context.evalCode(wrapScript(code), SCRIPT_FILE, { type: 'global', compileOnly: true });
    if (!result.error) {
      result.value.dispose();
      return null;
    }
    const error: unknown = context.dump(result.error);
    result.error.dispose();
    const { name, message, lineNumber } = (error ?? {}) as Record<string, unknown>;
    const lines = code.split('\n').length;
    return {
      message:
        typeof message === 'string'
          ? `${typeof name === 'string' ? name : 'SyntaxError'}: ${message}`
          : String(error),
      // An unfinished script is reported on the wrapper's closing line, just past the code.
      line: typeof lineNumber === 'number' ? Math.min(Math.max(1, lineNumber), lines) : null,
    };
  } catch (err) {
    // The host stack overflowed inside the WebAssembly module: its state is not to be trusted.
    retireModule(slot);
    return { message: err instanceof Error ? err.message : String(err), line: null };
  } finally {
    if (!slot.broken) {
      context.dispose();
      runtime.dispose();
    }
  }
}
