import { acquireModule, retireModule } from './sandbox/sandbox-module.js';
import { SANDBOX_LIMITS } from './sandbox/sandbox-limits.js';
import { SCRIPT_FILE, wrapScript } from './sandbox/sandbox-prelude.js';

/** Where a script does not compile. */
export interface SyntaxProblem {
  message: string;
  line: number | null;
}

/** Compiling is quick; the bound only keeps a pathological text from taking the memory. */
const MEMORY_BYTES = 64 * 1024 * 1024;
/**
 * The parser recurses with frames heavier than QuickJS counts: under the runs' own bound deep
 * nesting can still overflow Node's stack inside the WebAssembly, which would retire the module
 * under every run in progress. Half of it stops the parser first, at some 500 levels of nesting.
 */
const PARSER_STACK_BYTES = SANDBOX_LIMITS.stackBytes / 2;

/**
 * Compiles (never runs) `code` as the sandbox wraps it, in the sandbox's QuickJS module: null when
 * it compiles, else the first problem, on the author's own line.
 */
export async function checkSyntax(code: string): Promise<SyntaxProblem | null> {
  const slot = await acquireModule();
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
