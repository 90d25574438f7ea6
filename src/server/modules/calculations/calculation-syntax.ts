import { compileInSandbox } from './sandbox/sandbox.js';
import type { SyntaxProblem } from './sandbox/sandbox-protocol.js';

export type { SyntaxProblem };

/**
 * Compiles (never runs) `code` as the sandbox wraps it, in a sandbox worker (a hostile text cannot
 * hold up the main thread): null when it compiles, else the first problem, on the author's own line.
 */
export function checkSyntax(code: string): Promise<SyntaxProblem | null> {
  return compileInSandbox(code);
}
