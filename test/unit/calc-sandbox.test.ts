import { describe, expect, it } from 'vitest';
import { runInSandbox, sandboxStats } from '../../src/server/modules/calculations/sandbox/sandbox.js';
import { SANDBOX_LIMITS } from '../../src/server/modules/calculations/sandbox/sandbox-limits.js';
import type {
  Json,
  SandboxRequest,
  SandboxResult,
} from '../../src/server/modules/calculations/sandbox/sandbox-types.js';

const TASK = {
  id: 7,
  number: 'З-7',
  title: 'Позвонить клиенту',
  statusId: 2,
  status: { id: 2, code: 'in_progress', isFinal: false },
  performerId: 3,
  tags: ['a', 'b'],
};

function run(code: string, over: Partial<SandboxRequest> = {}): Promise<SandboxResult> {
  return runInSandbox({
    code,
    trigger: 'before_save',
    action: 'updated',
    doc: structuredClone(TASK),
    prev: { ...structuredClone(TASK), title: 'Старое название' },
    user: { id: 3, name: 'Ольга' },
    timeLimitMs: 1000,
    memoryLimitMb: 16,
    find: () => Promise.reject(new Error('no find in this test')),
    ...over,
  });
}

describe('calculation sandbox: the script API', () => {
  it('gives the script a copy of the document to change; the result carries its JSON', async () => {
    const doc = structuredClone(TASK);
    const r = await run(
      `doc.title = doc.title.toUpperCase();
doc.tags.push('c');
doc.statusId = 5;
delete doc.performerId;
doc.when = new Date(Date.UTC(2025, 0, 2));`,
      { doc },
    );
    expect(r.error).toBeNull();
    expect(r.rejected).toBeNull();
    expect(r.doc).toEqual({
      ...TASK,
      title: 'ПОЗВОНИТЬ КЛИЕНТУ',
      tags: ['a', 'b', 'c'],
      statusId: 5,
      performerId: undefined,
      when: '2025-01-02T00:00:00.000Z',
    });
    expect('performerId' in r.doc).toBe(false);
    // The caller's object is not the script's.
    expect(doc).toEqual(TASK);
  });

  it('lets the script replace doc as a whole, but it must stay an object', async () => {
    expect((await run(`doc = { ...doc, title: 'new' }`)).doc.title).toBe('new');
    const r = await run(`doc = [1, 2]`);
    expect(r.error).toEqual({ kind: 'api', message: '`doc` must remain an object', line: null });
    expect(r.doc).toEqual(TASK);
  });

  it('shows prev, user, action and trigger read-only; prev is frozen all the way down', async () => {
    const r = await run(
      `log(prev.title, user.name, action, trigger, Object.isFrozen(prev.status), Object.isFrozen(user));
try { prev.status.isFinal = true; } catch (e) { log(e.message); }
prev.title = 'x';`,
      { trigger: 'status_change', action: 'created' },
    );
    expect(r.logs).toEqual([
      'Старое название Ольга created status_change true true',
      "'isFinal' is read-only",
    ]);
    expect(r.error).toEqual({ kind: 'script', message: "TypeError: 'title' is read-only", line: 3 });
    const created = await run(`log(prev === null, user === null)`, { prev: null, user: null });
    expect(created.logs).toEqual(['true true']);
    const reassigned = await run(`trigger = 'after_save'`);
    expect(reassigned.error).toMatchObject({ kind: 'script', message: "TypeError: 'trigger' is read-only" });
  });

  it('reject(message, field) fails the run with the message and stops the script', async () => {
    const r = await run(
      `doc.title = 'changed';
log('before');
if (!doc.status.isFinal) reject('Добавьте комментарий с результатом', 'statusId');
log('after');`,
    );
    expect(r.rejected).toEqual({ message: 'Добавьте комментарий с результатом', field: 'statusId' });
    expect(r.error).toBeNull();
    expect(r.logs).toEqual(['before']);
    expect(r.doc).toEqual(TASK);

    expect((await run(`reject('Нельзя')`)).rejected).toEqual({ message: 'Нельзя', field: null });
    expect((await run(`reject()`)).rejected).toEqual({ message: '', field: null });
    const long = await run(`reject('x'.repeat(5000))`);
    expect(long.rejected!.message).toHaveLength(SANDBOX_LIMITS.rejectMessageMax);
  });

  it('a script that catches the reject cannot undo it, nor run on', async () => {
    const r = await run(
      `try { reject('No', 'title'); } catch (e) { doc.title = 'sneaky'; log('caught'); }
while (true) {}`,
    );
    expect(r.rejected).toEqual({ message: 'No', field: 'title' });
    expect(r.error).toBeNull();
    expect(r.logs).toEqual([]);
    expect(r.doc).toEqual(TASK);
  });

  it('find(type, filter) asks the host and awaits its answer; host errors become catchable Errors', async () => {
    const calls: [string, Json][] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    const find = async (type: string, filter: Json): Promise<Json> => {
      calls.push([type, filter]);
      if (type === 'bad') throw new Error('Unknown filter field: colour');
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return [{ id: 1 }, { id: 2, n: calls.length }];
    };
    const r = await run(
      `const comments = await find('taskComments', { taskId: doc.id });
doc.commentCount = comments.length;
const [a, b] = await Promise.all([find('tasks', { projectId: 1 }), find('tasks')]);
doc.seen = b[1].n;
try { await find('bad', { colour: 'red' }); } catch (e) { log(e instanceof Error, e.message); }`,
      { find },
    );
    expect(r.error).toBeNull();
    expect(calls).toEqual([
      ['taskComments', { taskId: 7 }],
      ['tasks', { projectId: 1 }],
      ['tasks', {}],
      ['bad', { colour: 'red' }],
    ]);
    expect(r.doc).toMatchObject({ commentCount: 2, seen: 3 });
    expect(r.logs).toEqual(['true Unknown filter field: colour']);
    // Calls made together reach the host one after another, in the order they were made.
    expect(mostInFlight).toBe(1);

    const uncaught = await run(`const x = 1;\nawait find('bad', {});`, { find });
    expect(uncaught.error).toEqual({ kind: 'api', message: 'Unknown filter field: colour', line: 2 });
    const notString = await run(`await find(5, {})`, { find });
    expect(notString.error).toMatchObject({
      kind: 'api',
      message: 'find(type, filter): type must be a string',
    });
    const notJson = await run(`await find('tasks', {})`, {
      find: () => Promise.resolve({ n: 1n } as unknown as Json),
    });
    expect(notJson.error).toMatchObject({ kind: 'api', message: 'find() got an answer that is not JSON' });
    // An answer larger than the run's memory: not even handed to the worker, or refused by the VM.
    for (const [answer, memoryLimitMb] of [
      ['x'.repeat(17 * 1024 * 1024), 16],
      ['x'.repeat(4 * 1024 * 1024), 2],
    ] as const) {
      const r = await run(`await find('tasks', {})`, {
        memoryLimitMb,
        find: () => Promise.resolve([answer]),
      });
      expect(r.error).toEqual({
        kind: 'memory',
        message: `Memory limit of ${memoryLimitMb} MB exceeded (the result of find() does not fit)`,
        line: null,
      });
    }
  });

  it('createTask, createEvent and update are for after-save calculations; notify for any', async () => {
    const code = `createTask({ title: 'Перезвонить', performerId: 3 });
createEvent({ typeId: 1, subject: 'x' });
update('project', 5, { progressPercent: 40 });
notify(3, 'Готово: ' + doc.number);`;
    const after = await run(code, { trigger: 'after_save' });
    expect(after.error).toBeNull();
    expect(after.effects).toEqual([
      { kind: 'createTask', input: { title: 'Перезвонить', performerId: 3 } },
      { kind: 'createEvent', input: { typeId: 1, subject: 'x' } },
      { kind: 'update', docType: 'project', id: 5, fields: { progressPercent: 40 } },
      { kind: 'notify', userId: 3, text: 'Готово: З-7' },
    ]);

    for (const trigger of ['before_save', 'status_change'] as const) {
      const r = await run(`notify(3, 'ok');\n${code}`, { trigger });
      expect(r.error).toEqual({
        kind: 'api',
        message: 'createTask() is available in after-save calculations only',
        line: 2,
      });
      expect(r.effects).toEqual([{ kind: 'notify', userId: 3, text: 'ok' }]);
    }
    const caught = await run(`try { update('task', 1, {}); } catch (e) { log(e.message); }`);
    expect(caught.logs).toEqual(['update() is available in after-save calculations only']);
    expect(caught.error).toBeNull();
  });

  it('checks the arguments of the effects', async () => {
    const cases: [string, string][] = [
      [`createTask('x')`, 'createTask(input): input must be an object'],
      [`createEvent([1])`, 'createEvent(input): input must be an object'],
      [`update('client', 1, {})`, 'update(docType, id, fields): docType must be one of task, event, project'],
      [`update('task', '1', {})`, 'update(docType, id, fields): id must be a positive integer'],
      [`update('task', 1.5, {})`, 'update(docType, id, fields): id must be a positive integer'],
      [`update('task', 1, null)`, 'update(docType, id, fields): fields must be an object'],
      [`notify(0, 'x')`, 'notify(userId, text): userId must be a positive integer'],
      [`createTask({ text: 'x'.repeat(70 * 1024) })`, 'createTask(input) is larger than 64 KB as JSON'],
      [
        `update('task', 1, { text: 'я'.repeat(33 * 1024) })`,
        'update(docType, id, fields) is larger than 64 KB as JSON',
      ],
      [`find('tasks', { ids: 'x'.repeat(17 * 1024) })`, 'find(type, filter) is larger than 16 KB as JSON'],
      [
        `for (let i = 0; i < 51; i++) notify(1, 'n' + i)`,
        'A calculation may request at most 50 effects (createTask, createEvent, update, notify)',
      ],
    ];
    for (const [code, message] of cases) {
      const r = await run(code, { trigger: 'after_save' });
      expect(r.error, code).toEqual({ kind: 'api', message, line: 1 });
    }
    const long = await run(`notify(1, 'x'.repeat(3000))`);
    expect((long.effects[0] as { text: string }).text).toHaveLength(SANDBOX_LIMITS.notifyTextMax);
  });

  it('log() keeps strings, JSON of objects, errors as "Name: message"; at most 200 entries of 2000 characters', async () => {
    const r = await run(
      `log('text', 42, true, null, undefined, { a: [1, 'x'] }, new TypeError('bad'));
console.log('via console', {});
log();`,
    );
    expect(r.logs).toEqual([
      'text 42 true null undefined {"a":[1,"x"]} TypeError: bad',
      'via console {}',
      '',
    ]);
    const many = await run(`for (let i = 0; i < 300; i++) log(String(i).padEnd(5000, '.'))`);
    expect(many.logs).toHaveLength(SANDBOX_LIMITS.logEntries);
    expect(many.logs[199]).toHaveLength(SANDBOX_LIMITS.logEntryMax);
    expect(many.logs[199]!.startsWith('199..')).toBe(true);
  });

  it('ignores the return value, and await works at the top', async () => {
    const r = await run(`await null;\ndoc.title = 'after await';\nreturn { hacked: true };`);
    expect(r.error).toBeNull();
    expect(r.doc).toEqual({ ...TASK, title: 'after await' });
  });

  it("reports errors with the script's own line numbers", async () => {
    const r = await run(`const a = 1;

function check(x) {
  if (x > 0) throw new RangeError('too big: ' + x);
}
check(a);`);
    expect(r.error).toEqual({ kind: 'script', message: 'RangeError: too big: 1', line: 4 });
    expect(r.doc).toEqual(TASK);
    expect((await run(`log(1);\nlet x = ;`)).error).toMatchObject({ kind: 'script', line: 2 });
    expect((await run(`\n\nundefinedThing.x`)).error).toEqual({
      kind: 'script',
      message: "ReferenceError: 'undefinedThing' is not defined",
      line: 3,
    });
    // The wrapper's closing line is never reported past the script's last line.
    expect((await run(`if (true) {`)).error).toMatchObject({ kind: 'script', line: 1 });
  });

  it('runs a trivial script in well under a millisecond (printed, not asserted)', async () => {
    const times: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const started = performance.now();
      const r = await run(`if (doc.statusId === 99) reject('no'); doc.title = doc.title.trim();`);
      times.push(performance.now() - started);
      expect(r.error).toBeNull();
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.floor(q * (times.length - 1))]!.toFixed(3);
    console.log(`calc sandbox, trivial script: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms`);
  });

  it('frees every run: 2000 mixed runs leave the workers working and memory bounded', async () => {
    const scripts: [string, Partial<SandboxRequest>, string][] = [
      [`doc.n = (doc.n ?? 0) + 1; log(doc.n)`, {}, 'ok'],
      [`throw new Error('boom')`, {}, 'script'],
      [`while (true) {}`, { timeLimitMs: 2 }, 'timeout'],
      [`const a = []; for (;;) a.push([1, 2, 3])`, { memoryLimitMb: 2 }, 'memory'],
      [`function f() { return f() + 1 } f()`, {}, 'stack'],
      [`await find('tasks', {})`, { timeLimitMs: 2, find: () => new Promise(() => {}) }, 'timeout'],
      [`await find('tasks', {}); reject('no')`, { find: () => Promise.resolve([{ id: 1 }]) }, 'rejected'],
      [`createTask({ title: 'x' })`, { trigger: 'after_save' }, 'ok'],
      [`createTask({ title: 'x' })`, {}, 'api'],
      [`await find('tasks', {})`, { find: () => Promise.reject(new Error('bad filter')) }, 'api'],
    ];
    const round = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const [code, over, expected] = scripts[i % scripts.length]!;
        const r = await run(code, over);
        expect(r.error?.kind ?? (r.rejected ? 'rejected' : 'ok'), code).toBe(expected);
      }
    };
    await round(400);
    const statsBefore = await sandboxStats();
    const before = process.memoryUsage();
    await round(2000);
    const after = process.memoryUsage();
    const statsAfter = await sandboxStats();
    const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
    console.log(
      `calc sandbox, 2000 runs: rss ${mb(before.rss)} → ${mb(after.rss)} MB, heap ${mb(before.heapUsed)} → ${mb(after.heapUsed)} MB, ` +
        `workers' heap ${mb(statsBefore.workerHeapBytes)} → ${mb(statsAfter.workerHeapBytes)} MB, ` +
        `workers started ${statsBefore.workersStarted} → ${statsAfter.workersStarted}`,
    );
    // The process's RSS holds the workers' WebAssembly memory: a leaked runtime or context costs
    // at least a few hundred KB of it, 2000 of them would be far above these bounds.
    expect(after.rss - before.rss).toBeLessThan(150 * 1024 * 1024);
    expect(after.heapUsed - before.heapUsed).toBeLessThan(100 * 1024 * 1024);
    expect(statsAfter.workerHeapBytes - statsBefore.workerHeapBytes).toBeLessThan(100 * 1024 * 1024);
    // A handle left alive makes QuickJS abort when it frees the runtime: none may be.
    expect(statsAfter.leakedRuntimes).toBe(statsBefore.leakedRuntimes);
    const ok = await run(`doc.title = 'still works'`);
    expect(ok.error).toBeNull();
    expect(ok.doc.title).toBe('still works');
  });
});
