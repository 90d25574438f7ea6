import type { SandboxRequest, SandboxResult } from './sandbox-types.js';

/**
 * Runs one script in a fresh QuickJS context (quickjs-emscripten, WebAssembly): no Node APIs, no
 * timers, a time and a memory limit. Never throws for anything the script does.
 */
export async function runInSandbox(req: SandboxRequest): Promise<SandboxResult> {
  void req;
  throw new Error('runInSandbox: being written (issue 9)');
}
