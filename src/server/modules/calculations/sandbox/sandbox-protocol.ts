import type { Json, SandboxRequest, SandboxResult } from './sandbox-types.js';

/** What a worker needs of a run: the request without `find`, which stays on the main thread. */
export type RunRequest = Omit<SandboxRequest, 'find'>;

/** Where a script does not compile. */
export interface SyntaxProblem {
  message: string;
  line: number | null;
}

/**
 * The main thread's answer to a `find`: its JSON, the message the script's promise rejects with,
 * or word that the JSON is larger than the run's whole memory (it is not sent).
 */
export type FindAnswer =
  { kind: 'json'; json: string } | { kind: 'error'; message: string } | { kind: 'too-large' };

/** Main thread → worker. `seq` names the job; answers to an older one are dropped. */
export type ToWorker =
  | { type: 'run'; seq: number; req: RunRequest }
  | { type: 'check'; seq: number; code: string }
  | { type: 'found'; seq: number; answer: FindAnswer }
  | { type: 'stats' };

/** Worker → main thread. `worn`: the module failed or leaked too often, replace the worker. */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'find'; seq: number; docType: string; filter: Json }
  | { type: 'ran'; seq: number; result: SandboxResult; leaked: boolean; worn: boolean }
  | { type: 'checked'; seq: number; problem: SyntaxProblem | null; worn: boolean }
  | { type: 'stats'; heapUsedBytes: number };
