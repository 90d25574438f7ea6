import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { eventually } from '../support/eventually.js';
import { sandboxStats } from '../../src/server/modules/calculations/sandbox/sandbox.js';

interface DryRun {
  rejected: { message: string; field: string | null } | null;
  error: { kind: string; message: string; line: number | null } | null;
  fieldChanges: { field: string; before: unknown; after: unknown }[];
  logs: string[];
}

describe('calculations: hostile scripts are contained on a running server', () => {
  let t: TestApp;
  let base: string;
  let taskId: number;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    // Built once, on first request: later ones answer at once.
    expect((await fetch(`${base}/api/openapi.json`)).status).toBe(200);
    const task = await t.admin.post('/api/v1/tasks', { title: 'Проверить калькуляции' });
    expect(task.statusCode, task.body).toBe(201);
    taskId = task.json<{ id: number }>().id;
  });
  afterAll(() => t.close());

  /** The administrator's request over real HTTP (session cookie and CSRF header as the browser sends them). */
  function request(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${base}${path}`, {
      method,
      headers: {
        cookie: t.admin.cookie!,
        'x-csrf-token': t.admin.csrfToken!,
        'accept-language': 'ru',
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  }

  async function dryRun(code: string, over: Record<string, unknown> = {}): Promise<DryRun> {
    const res = await t.admin.post('/api/v1/calculations/dry-run', {
      docType: 'task',
      trigger: 'before_save',
      code,
      docId: taskId,
      timeLimitMs: 50,
      ...over,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<DryRun>();
  }

  it('answers a dry run of hostile code with 200 and the error', async () => {
    const cases: [string, string, RegExp, Record<string, unknown>?][] = [
      ['while (true) {}', 'timeout', /^Time limit of 50 ms exceeded$/],
      ['for (;;) await null;', 'timeout', /^Time limit of 50 ms exceeded$/],
      [`/(a+)+$/.test('a'.repeat(40) + 'b');`, 'timeout', /^Time limit/],
      // Built-ins QuickJS never interrupts: their worker is terminated.
      [`new Array(2 ** 32 - 1).join('');`, 'timeout', /^Time limit of 50 ms exceeded$/],
      [`Array.prototype.indexOf.call({ length: 2 ** 40 }, 1);`, 'timeout', /^Time limit of 50 ms exceeded$/],
      [`(3n ** 600000n).toString();`, 'timeout', /^Time limit of 50 ms exceeded$/],
      ['function f() { return f() + 1; }\nf();', 'stack', /^Stack overflow: too much recursion/],
      [
        'const a = [];\nfor (;;) a.push([1, 2, 3]);',
        'memory',
        /^Memory limit of 2 MB exceeded/,
        { memoryLimitMb: 2 },
      ],
      [`let s = 'x';\nfor (;;) s += s;`, 'memory', /^Memory limit of 16 MB exceeded/, { memoryLimitMb: 16 }],
      [`'x'.repeat(2 ** 30);`, 'memory', /^Memory limit/],
      ['process.exit(1);', 'script', /^ReferenceError: 'process' is not defined$/],
      [`require('fs').readFileSync('/etc/passwd');`, 'script', /^ReferenceError: 'require' is not defined$/],
      [`await import('fs');`, 'script', /^ReferenceError: could not load module 'fs'/],
      [`Function('return this')().process.exit(1);`, 'script', /^TypeError/],
      [`(() => {}).constructor.constructor('return process')();`, 'script', /'process' is not defined/],
      ['throw 42;', 'script', /^Uncaught 42$/],
    ];
    for (const [code, kind, message, over] of cases) {
      const result = await dryRun(code, over);
      expect(result.error?.kind, code).toBe(kind);
      expect(result.error!.message, code).toMatch(message);
      expect(result.fieldChanges, code).toEqual([]);
    }
    const lined = await dryRun(`const x = 1;\n\nundefinedThing.call();`);
    expect(lined.error).toEqual({
      kind: 'script',
      message: "ReferenceError: 'undefinedThing' is not defined",
      line: 3,
    });
  });

  it('keeps prototype pollution and host objects out of the server', async () => {
    const result = await dryRun(
      `Object.prototype.polluted = 1;
Array.prototype.polluted = 1;
doc.__proto__ = { polluted: 2 };
doc.title = 'Изменено в песочнице';
doc.fn = () => 1;
log(typeof process, typeof require, typeof globalThis.fetch);`,
    );
    expect(result.error).toBeNull();
    expect(result.logs).toEqual(['undefined undefined undefined']);
    expect(result.fieldChanges).toEqual([
      { field: 'title', before: 'Проверить калькуляции', after: 'Изменено в песочнице' },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
    // A dry run writes nothing.
    const card = await t.admin.get(`/api/v1/tasks/${taskId}`);
    expect(card.json<{ title: string }>().title).toBe('Проверить калькуляции');
  });

  it('fails a save whose before-save calculation never ends, naming it, while the server keeps serving', async () => {
    // A loop QuickJS interrupts, and built-ins it never does (their worker is terminated).
    const endless: [string, string][] = [
      ['Вечный цикл', 'while (true) {}'],
      ['Пустое соединение', `new Array(2 ** 32 - 1).join('');`],
      ['Поиск без конца', `Array.prototype.indexOf.call({ length: 2 ** 40 }, 1);`],
      ['Большое число', `for (let i = 0; i < 3; i++) (3n ** 600000n).toString();`],
    ];
    for (const [name, code] of endless) {
      const created = await t.admin.post('/api/v1/calculations', {
        name,
        docType: 'task',
        trigger: 'before_save',
        isEnabled: true,
        timeLimitMs: 300,
        code,
      });
      expect(created.statusCode, created.body).toBe(201);
      const calculationId = created.json<{ id: number }>().id;

      // Health is asked before, during and after the save, over the same listening server.
      let saving = true;
      const health: Promise<number>[] = [];
      const askHealth = async () => {
        while (saving) {
          health.push(fetch(`${base}/api/v1/health`).then((res) => res.status));
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      };
      const asking = askHealth();
      const saved = request('PATCH', `/api/v1/tasks/${taskId}`, { title: 'Новое название' }).finally(
        () => (saving = false),
      );
      // While the script runs (in a sandbox worker), the server answers: a request that needs no
      // database, and health too on PostgreSQL (on SQLite it waits for the saving transaction's
      // one connection, and is answered after).
      await eventually(async () => ((await sandboxStats()).workersBusy > 0 ? true : undefined), 'the script');
      const page = await fetch(`${base}/api/openapi.json`);
      expect(page.status).toBe(200);
      expect(saving, name).toBe(true);
      if (t.ctx.database.engine === 'postgres') {
        expect((await fetch(`${base}/api/v1/health`)).status).toBe(200);
        expect(saving, name).toBe(true);
      }
      const save = await saved;
      await asking;
      health.push(fetch(`${base}/api/v1/health`).then((res) => res.status));

      expect(save.status, name).toBe(422);
      const body = (await save.json()) as {
        error: { code: string; message: string; details: { calculationId: number; kind: string } };
      };
      expect(body.error.code, name).toBe('calculation_timeout');
      expect(body.error.message).toContain(`«${name}»`);
      expect(body.error.message).toContain('300');
      expect(body.error.details).toMatchObject({ calculationId, kind: 'timeout' });
      const statuses = await Promise.all(health);
      expect(statuses.length).toBeGreaterThan(1);
      expect(statuses.every((status) => status === 200)).toBe(true);

      // Nothing of the failed save was kept.
      const card = await t.admin.get(`/api/v1/tasks/${taskId}`);
      expect(card.json<{ title: string }>().title).toBe('Проверить калькуляции');
      const off = await t.admin.patch(`/api/v1/calculations/${calculationId}`, { isEnabled: false });
      expect(off.statusCode, off.body).toBe(200);
    }
    // With the calculations off, the same save goes through.
    const saved = await request('PATCH', `/api/v1/tasks/${taskId}`, { title: 'Новое название' });
    expect(saved.status).toBe(200);
  });

  it('fails a save whose calculation blows the memory or the stack, and serves the next one', async () => {
    const bombs: [string, string, string][] = [
      ['Бомба памяти', 'const a = [];\nfor (;;) a.push([1, 2, 3]);', 'calculation_memory'],
      ['Рекурсия', 'function f() { return f() + 1; }\nf();', 'calculation_failed'],
      ['Побег', `require('child_process').execSync('id');`, 'calculation_failed'],
    ];
    for (const [name, code, errorCode] of bombs) {
      const created = await t.admin.post('/api/v1/calculations', {
        name,
        docType: 'task',
        trigger: 'before_save',
        isEnabled: true,
        memoryLimitMb: 2,
        code,
      });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json<{ id: number }>().id;
      const save = await request('PATCH', `/api/v1/tasks/${taskId}`, { title: name });
      expect(save.status, name).toBe(422);
      const body = (await save.json()) as { error: { code: string; message: string } };
      expect(body.error.code, name).toBe(errorCode);
      expect(body.error.message, name).toContain(`«${name}»`);
      expect((await t.admin.patch(`/api/v1/calculations/${id}`, { isEnabled: false })).statusCode).toBe(200);
      expect((await fetch(`${base}/api/v1/health`)).status).toBe(200);
    }
    const saved = await request('PATCH', `/api/v1/tasks/${taskId}`, { title: 'После всех бомб' });
    expect(saved.status).toBe(200);
  });
});
