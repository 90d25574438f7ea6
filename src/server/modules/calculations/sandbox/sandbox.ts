import type { SandboxRequest, SandboxResult } from './sandbox-types.js';
import { SandboxPool, type SandboxStats } from './sandbox-pool.js';
import type { SyntaxProblem } from './sandbox-protocol.js';

let pool: SandboxPool | null = null;

/** The process's sandbox workers, started on first use (see SandboxPool). */
function sandboxPool(): SandboxPool {
  return (pool ??= new SandboxPool());
}

/**
 * Runs one script in a fresh QuickJS runtime and context, in a worker thread (see SandboxPool and
 * sandbox-run.ts): no Node APIs, no timers, a time and a memory limit. Never throws for anything
 * the script does. `rejected` is set once reject() was called (then `error` is null); `effects`
 * and `logs` are what the script asked for before it ended or stopped; `doc` is the input unless
 * the run succeeded.
 */
export function runInSandbox(req: SandboxRequest): Promise<SandboxResult> {
  return sandboxPool().run(req);
}

/** Compiles (never runs) a script in a sandbox worker: null when it compiles, else the first problem. */
export function compileInSandbox(code: string): Promise<SyntaxProblem | null> {
  return sandboxPool().check(code);
}

/** Workers started, runtimes QuickJS could not free, the workers' heap. */
export function sandboxStats(): Promise<SandboxStats> {
  return sandboxPool().stats();
}

/** Stops the workers (they never keep the process alive; this is for whoever wants them gone now). */
export async function closeSandbox(): Promise<void> {
  await pool?.close();
}
