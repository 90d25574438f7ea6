import { getHeapStatistics } from 'node:v8';
import { workerData, type MessagePort } from 'node:worker_threads';
import { compileCheck } from './sandbox-compile.js';
import { isWorn, loadModule } from './sandbox-module.js';
import type { FindAnswer, FromWorker, RunRequest, ToWorker } from './sandbox-protocol.js';
import { executeRun, warmUp } from './sandbox-run.js';

/**
 * A sandbox worker (see sandbox-pool.ts): loads the QuickJS module once, warms it up, then runs the
 * jobs the main thread sends, one at a time, each in a fresh runtime and context.
 */
const { port, taken } = workerData as { port: MessagePort; taken: Int32Array };
const post = (message: FromWorker) => port.postMessage(message);

const slot = await loadModule();
await warmUp(slot);

/** The running script's `find`, waiting for the main thread's answer. */
let waiting: { seq: number; resolve: (answer: FindAnswer) => void } | null = null;

async function run(seq: number, req: RunRequest): Promise<void> {
  const leaks = slot.leaks;
  const result = await executeRun(
    slot,
    req,
    (docType, filter) =>
      new Promise<FindAnswer>((resolve) => {
        waiting = { seq, resolve };
        post({ type: 'find', seq, docType, filter });
      }),
  );
  waiting = null;
  post({ type: 'ran', seq, result, leaked: slot.leaks > leaks, worn: isWorn(slot) });
}

port.on('message', (message: ToWorker) => {
  // Tells the pool's watchdog the job is under way (see SandboxPool.overdue).
  if (message.type === 'run' || message.type === 'check') Atomics.store(taken, 0, message.seq);
  switch (message.type) {
    case 'run':
      // Anything escaping a run is a bug of the sandbox: it crashes the worker, which the pool
      // reports on the run and replaces.
      void run(message.seq, message.req);
      return;
    case 'check': {
      const problem = compileCheck(slot, message.code);
      post({ type: 'checked', seq: message.seq, problem, worn: isWorn(slot) });
      return;
    }
    case 'found': {
      const answer = waiting;
      // An answer for a run that ended meanwhile finds nothing waiting for it.
      if (answer?.seq !== message.seq) return;
      waiting = null;
      answer.resolve(message.answer);
      return;
    }
    case 'stats':
      post({ type: 'stats', heapUsedBytes: getHeapStatistics().used_heap_size });
      return;
  }
});
post({ type: 'ready' });
