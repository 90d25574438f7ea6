import { afterEach, describe, expect, it } from 'vitest';
import {
  closeSandbox,
  runInSandbox,
  sandboxStats,
} from '../../src/server/modules/calculations/sandbox/sandbox.js';
import type {
  Json,
  SandboxRequest,
  SandboxResult,
} from '../../src/server/modules/calculations/sandbox/sandbox-types.js';

const DOC = { id: 1, title: 'Задача', statusId: 2, nested: { a: 1 } };

function run(code: string, over: Partial<SandboxRequest> = {}): Promise<SandboxResult> {
  return runInSandbox({
    code,
    trigger: 'after_save',
    action: 'updated',
    doc: structuredClone(DOC),
    prev: structuredClone(DOC),
    user: { id: 1 },
    timeLimitMs: 100,
    memoryLimitMb: 16,
    find: () => Promise.resolve([]),
    ...over,
  });
}

/** The run failed the way it should, and left nothing of it in the result. */
function expectContained(r: SandboxResult, kind: string, message: RegExp | string): void {
  expect(r.error, JSON.stringify(r.error)).not.toBeNull();
  expect(r.error!.kind).toBe(kind);
  if (typeof message === 'string') expect(r.error!.message).toBe(message);
  else expect(r.error!.message).toMatch(message);
  expect(r.doc).toEqual(DOC);
  expect(r.rejected).toBeNull();
}

/** Both sandbox workers are up: a run then finds one free, whatever the other one does. */
async function bothWorkersReady(): Promise<void> {
  await run(`1`);
  const deadline = Date.now() + 20_000;
  while ((await sandboxStats()).workersReady < 2) {
    if (Date.now() > deadline) throw new Error('The sandbox workers did not start');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

// After every hostile script, an ordinary one still runs normally in a fresh context.
afterEach(async () => {
  const r = await run(`doc.title = typeof globalThis.polluted + ' ' + typeof Object.prototype.polluted;`);
  expect(r.error).toBeNull();
  expect(r.doc).toEqual({ ...DOC, title: 'undefined undefined' });
});

describe('calculation sandbox: hostile scripts are contained', () => {
  it('stops an infinite loop at the time limit', async () => {
    expectContained(await run(`while (true) {}`), 'timeout', 'Time limit of 100 ms exceeded');
  });

  it('stops infinite asynchronous loops (awaits, promise jobs, async generators)', async () => {
    expectContained(await run(`for (;;) await null;`), 'timeout', /Time limit/);
    expectContained(
      await run(`const spin = () => Promise.resolve().then(spin); spin(); await new Promise(() => {});`),
      'timeout',
      /Time limit/,
    );
    expectContained(
      await run(`async function* g() { for (;;) yield 1; } for await (const x of g()) {}`),
      'timeout',
      /Time limit/,
    );
  });

  it('does not let a script catch the interrupt and carry on', async () => {
    expectContained(
      await run(`for (;;) { try { while (true) {} } catch (e) { log('caught'); } }`),
      'timeout',
      /Time limit/,
    );
    const finallyLoop = await run(`try { while (true) {} } finally { while (true) {} }`);
    expectContained(finallyLoop, 'timeout', /Time limit/);
    expect(finallyLoop.logs).toEqual([]);
  });

  it('stops regular-expression backtracking at the time limit', async () => {
    expectContained(await run(`/(a+)+$/.test('a'.repeat(40) + 'b');`), 'timeout', /Time limit/);
  });

  it('turns deep recursion into a stack error, however it recurses', async () => {
    expectContained(
      await run(`function f(n) { return f(n + 1) + 1; }\nf(0);`),
      'stack',
      'Stack overflow: too much recursion (InternalError: stack overflow)',
    );
    const deep = { memoryLimitMb: 64, timeLimitMs: 1000 };
    for (const code of [
      `let o = {}; for (let i = 0; i < 3e5; i++) o = { o }; JSON.stringify(o);`,
      `JSON.parse('['.repeat(3e5) + ']'.repeat(3e5));`,
      `let p = {}; for (let i = 0; i < 3e5; i++) p = new Proxy(p, {}); p.x;`,
      `const o = { get x() { return this.x; } }; o.x;`,
      `let o = {}; for (let i = 0; i < 1e5; i++) o = { o }; createTask(o);`,
      // The parser recurses with heavier frames than QuickJS counts: the worker's own stack still
      // leaves QuickJS the first word.
      `eval('('.repeat(3e5) + '1' + ')'.repeat(3e5));`,
    ]) {
      expectContained(await run(code, deep), 'stack', /^Stack overflow: too much recursion/);
    }
  });

  it('stops memory bombs at the memory limit', async () => {
    for (const code of [
      `const a = []; for (;;) a.push(1);`,
      `globalThis.keep = []; for (;;) keep.push('x'.repeat(100) + keep.length);`,
      `let s = 'x'; for (;;) s += s;`,
      `'x'.repeat(2 ** 30);`,
      `'x'.repeat(2 ** 27);`,
      `new ArrayBuffer(1e9);`,
      `new Array(1e9).fill(0);`,
    ]) {
      expectContained(await run(code, { timeLimitMs: 2000 }), 'memory', /^Memory limit of 16 MB exceeded/);
    }
  });

  it('gives no way to Node: process, require, import(), timers, the host global', async () => {
    const r = await run(
      `log(typeof process, typeof require, typeof module, typeof Buffer, typeof setTimeout, typeof setInterval,
  typeof fetch, typeof WebAssembly, typeof std, typeof os);
const g = Function('return this')();
log(g === globalThis, typeof g.process, typeof (() => {}).constructor.constructor('return this')().require);
log(Object.getOwnPropertyNames(globalThis).filter((n) => !/^[A-Z]/.test(n)).sort().join());`,
    );
    expect(r.error).toBeNull();
    expect(r.logs).toEqual([
      'undefined undefined undefined undefined undefined undefined undefined undefined undefined undefined',
      'true undefined undefined',
      'action,console,createEvent,createTask,decodeURI,decodeURIComponent,doc,encodeURI,encodeURIComponent,' +
        'escape,eval,find,globalThis,isFinite,isNaN,log,notify,parseFloat,parseInt,prev,reject,trigger,' +
        'undefined,unescape,update,user',
    ]);
    expectContained(await run(`\nprocess.exit(1);`), 'script', "ReferenceError: 'process' is not defined");
    expectContained(await run(`require('fs');`), 'script', "ReferenceError: 'require' is not defined");
    expectContained(
      await run(`await import('fs');`),
      'script',
      /^ReferenceError: could not load module 'fs'/,
    );
    expectContained(
      await run(`(() => {}).constructor.constructor('return process')();`),
      'script',
      "ReferenceError: 'process' is not defined",
    );
    expectContained(await run(`import fs from 'fs';`), 'script', /^SyntaxError/);
  });

  it('keeps prototype pollution inside the VM', async () => {
    const r = await run(
      `Object.prototype.polluted = 1;
Array.prototype.polluted = 1;
doc.nested.__proto__.alsoPolluted = 1;
Object.defineProperty(doc, '__proto__', { value: { polluted: 2 }, enumerable: true, configurable: true });
createTask(JSON.parse('{"__proto__": {"polluted": 3}, "title": "x"}'));
update('task', 1, JSON.parse('{"nested": {"__proto__": {"polluted": 4}}}'));`,
    );
    expect(r.error).toBeNull();
    const host: Record<string, unknown> = {};
    expect(host.polluted).toBeUndefined();
    expect(host.alsoPolluted).toBeUndefined();
    expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(r.doc)).toBe(Object.prototype);
    expect(Object.hasOwn(r.doc, '__proto__')).toBe(false);
    const [created, updated] = r.effects;
    if (created?.kind !== 'createTask' || updated?.kind !== 'update') throw new Error('unexpected effects');
    expect(created.input).toEqual({ title: 'x' });
    expect(Object.getPrototypeOf(created.input)).toBe(Object.prototype);
    const nested = updated.fields.nested as Record<string, Json>;
    expect(Object.hasOwn(nested, '__proto__')).toBe(false);
    expect(Object.getPrototypeOf(nested)).toBe(Object.prototype);
  });

  it('hands back plain JSON only: no functions, no host objects', async () => {
    const r = await run(
      `doc.fn = () => 1;
doc.find = find;
doc.sym = Symbol('s');
doc.undef = undefined;
doc.date = new Date(0);
doc.map = new Map([[1, 2]]);
doc.global = typeof globalThis;
createTask({ run: find, title: 'x' });
return globalThis;`,
    );
    expect(r.error).toBeNull();
    expect(r.doc).toEqual({ ...DOC, date: '1970-01-01T00:00:00.000Z', map: {}, global: 'object' });
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(r.effects).toEqual([{ kind: 'createTask', input: { title: 'x' } }]);

    expectContained(await run(`doc.self = doc;`), 'script', 'TypeError: circular reference');
    expectContained(await run(`doc.big = 10n;`), 'script', /^TypeError: .*BigInt/);
    expectContained(
      await run(`Object.defineProperty(doc, 'x', { get() { while (true) {} }, enumerable: true });`),
      'timeout',
      /Time limit/,
    );
    expectContained(await run(`doc.toJSON = () => { throw new Error('no'); };`), 'script', 'Error: no');
  });

  it('reports thrown values that are not errors', async () => {
    expectContained(await run(`throw 42;`), 'script', 'Uncaught 42');
    expectContained(await run(`throw null;`), 'script', 'Uncaught null');
    expectContained(await run(`throw undefined;`), 'script', 'Uncaught undefined');
    expectContained(await run(`throw 'just text';`), 'script', 'Uncaught just text');
    expectContained(await run(`throw { code: 7 };`), 'script', 'Uncaught {"code":7}');
    expectContained(await run(`throw Symbol('s');`), 'script', 'Uncaught Symbol(s)');
    expectContained(
      await run(
        `throw new Proxy({}, { get() { throw 1; }, getPrototypeOf() { throw 2; }, ownKeys() { throw 3; } });`,
      ),
      'script',
      /^Uncaught exception/,
    );
    expectContained(
      await run(`throw { toString() { throw 1; }, toJSON() { throw 2; } };`),
      'script',
      /^Uncaught exception/,
    );
    const long = await run(`throw new Error('x'.repeat(1e6));`);
    expectContained(long, 'script', /^Error: x+$/);
    expect(long.error!.message.length).toBeLessThanOrEqual(2000);
  });

  it('times out a find() that never answers, and ignores an answer that comes too late', async () => {
    expectContained(
      await run(`await find('tasks', {});`, { find: () => new Promise(() => {}) }),
      'timeout',
      'Time limit of 100 ms exceeded',
    );
    let answer: (value: Json) => void = () => {};
    const late = new Promise<Json>((resolve) => (answer = resolve));
    let asked = 0;
    const r = await run(`const r = await find('tasks', {}); doc.title = 'too late';`, {
      timeLimitMs: 20,
      find: () => {
        asked++;
        return late;
      },
    });
    expectContained(r, 'timeout', 'Time limit of 20 ms exceeded');
    expect(asked).toBe(1);
    answer([{ id: 1 }]);
    await late;
    // Let the sandbox's own continuation of that promise run against the finished run.
    await new Promise((resolve) => setImmediate(resolve));
  });

  it('does not let arguments or calls flood the host', async () => {
    expectContained(
      await run(`createTask({ text: 'x'.repeat(70 * 1024) });`),
      'api',
      'createTask(input) is larger than 64 KB as JSON',
    );
    expectContained(
      await run(`await Promise.all(Array.from({ length: 600 }, () => find('tasks', {})));`, {
        timeLimitMs: 1000,
      }),
      'api',
      'find() may be called at most 500 times per run',
    );
    const logs = await run(`const big = 'x'.repeat(1e6);\nfor (let i = 0; i < 10000; i++) log(big, big);`, {
      timeLimitMs: 1000,
    });
    expect(logs.error).toBeNull();
    expect(logs.logs).toHaveLength(200);
    expect(logs.logs.every((line) => line.length === 2000)).toBe(true);
  });

  it('does not let a flood of find() calls outlive the time limit or fill the host memory', async () => {
    let asked = 0;
    let inFlight = 0;
    let mostInFlight = 0;
    let largest = 0;
    const find = async (_type: string, filter: Json): Promise<Json> => {
      asked++;
      largest = Math.max(largest, JSON.stringify(filter).length);
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return [];
    };
    // The reviewer's flood: 499 calls with a 200 KB filter each. The filter is refused at once.
    expectContained(
      await run(
        `const f = { x: Array.from({ length: 40000 }, () => [0]) };
await Promise.all(Array.from({ length: 499 }, () => find('tasks', f)));`,
        { timeLimitMs: 1000, memoryLimitMb: 64, find },
      ),
      'api',
      'find(type, filter) is larger than 16 KB as JSON',
    );
    expect(asked).toBe(0);
    // Filters just under the limit, each find taking 5 ms: the calls reach the host one at a
    // time, and the run stops at its limit instead of when the last queued call is done.
    const flood = await run(
      `const f = { ids: Array.from({ length: 3000 }, (_, i) => i + 1) };
await Promise.all(Array.from({ length: 499 }, () => find('tasks', f)));
doc.title = 'all found';`,
      { timeLimitMs: 100, memoryLimitMb: 64, find },
    );
    expectContained(flood, 'timeout', 'Time limit of 100 ms exceeded');
    expect(mostInFlight).toBe(1);
    expect(largest).toBeGreaterThan(13 * 1024);
    expect(asked).toBeLessThan(100);
    // Answered at once, the same calls hit the bound on everything handed to the host in a run.
    asked = 0;
    expectContained(
      await run(
        `const f = { ids: Array.from({ length: 3000 }, (_, i) => i + 1) };
await Promise.all(Array.from({ length: 499 }, () => find('tasks', f)));`,
        { timeLimitMs: 1000, memoryLimitMb: 64 },
      ),
      'api',
      'The arguments of find, createTask, createEvent and update may total at most 1 MB as JSON per run',
    );
    // Refused arguments count too, and once over, every later call is refused before any copying.
    const refused = await run(
      `const big = 'x'.repeat(60 * 1024);
for (let i = 0; i < 100; i++) { try { createTask({ big }); } catch (e) { log(i, e.message); } }`,
      { timeLimitMs: 1000 },
    );
    const fits = Math.floor((1024 * 1024) / JSON.stringify({ big: 'x'.repeat(60 * 1024) }).length);
    expect(refused.error).toBeNull();
    expect(refused.effects).toHaveLength(fits);
    expect(refused.logs[0]).toBe(
      `${fits} The arguments of find, createTask, createEvent and update may total at most 1 MB as JSON per run`,
    );
    expect(refused.logs).toHaveLength(100 - fits);
    // A script that breaks the queue of find() calls (a Promise species of its own) gets no second
    // call in flight: the host refuses it.
    asked = 0;
    const sabotage = await run(
      `Promise.prototype.constructor = {
  [Symbol.species]: function (exec) { exec(() => {}, () => {}); return Promise.resolve(); },
};
find('tasks', {});
find('tasks', {});
await null; await null; await null;
find('tasks', {});`,
      {
        find: () => {
          asked++;
          return new Promise(() => {});
        },
      },
    );
    expectContained(sabotage, 'api', 'find() is already running: await it before calling it again');
    expect(asked).toBe(1);
  });

  it('stops built-in functions QuickJS never interrupts, and the server thread runs on meanwhile', async () => {
    for (const code of [
      `Array.prototype.indexOf.call({ length: 2 ** 40 }, 1);`,
      `new Array(2 ** 32 - 1).join('');`,
      `for (let i = 0; i < 3; i++) (3n ** 600000n).toString();`,
    ]) {
      await bothWorkersReady();
      const started = (await sandboxStats()).workersStarted;
      let settled = false;
      const hostile = run(code).finally(() => (settled = true));
      // The other worker serves a normal run while the first one is stuck.
      const normal = await run(`doc.title = 'served';`);
      expect(normal.error, code).toBeNull();
      expect(normal.doc.title).toBe('served');
      expect(settled, code).toBe(false);
      expectContained(await hostile, 'timeout', 'Time limit of 100 ms exceeded');
      // The stuck worker was terminated and a fresh one started in its place.
      expect((await sandboxStats()).workersStarted, code).toBe(started + 1);
    }
  });

  it('keeps a run going while the worker next to it is replaced', async () => {
    await bothWorkersReady();
    let answer: (value: Json) => void = () => {};
    let asked = false;
    const waiting = run(`const r = await find('tasks', {});\ndoc.title = 'answered ' + r.length;`, {
      timeLimitMs: 1000,
      find: () => {
        asked = true;
        return new Promise<Json>((resolve) => (answer = resolve));
      },
    });
    const breaker = await run(`new Array(2 ** 32 - 1).join('');`);
    expect(breaker.error).toMatchObject({ kind: 'timeout' });
    expect(asked).toBe(true);
    answer([{ id: 1 }]);
    const r = await waiting;
    expect(r.error).toBeNull();
    expect(r.doc.title).toBe('answered 1');
  });

  it('answers the run in hand when the sandbox is closed, and starts again on the next run', async () => {
    let asked: () => void = () => {};
    const reached = new Promise<void>((resolve) => (asked = resolve));
    const inHand = run(`await find('tasks', {});`, {
      timeLimitMs: 1000,
      find: () => {
        asked();
        return new Promise(() => {});
      },
    });
    await reached;
    await closeSandbox();
    expectContained(await inHand, 'script', 'The calculation sandbox was closed');
    // afterEach: the next run starts fresh workers.
  });

  it('runs every script in a fresh context: nothing carries over', async () => {
    const first = await run(
      `globalThis.leak = 'secret'; Object.prototype.polluted = 1; Math.random = () => 4;`,
    );
    expect(first.error).toBeNull();
    const second = await run(`log(typeof leak, typeof ({}).polluted, Math.random() === 4);`);
    expect(second.logs).toEqual(['undefined undefined false']);
  });
});
