import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app.js';
import { grantAccess, rightlessUser } from '../support/access.js';
import { openLive } from '../support/live-stream.js';
import type { Calculation, CalculationVersion, DryRunResult } from '../../src/shared/schemas/calculations.js';
import type { SettingsChange } from '../../src/shared/schemas/settings-changes.js';
import type { Notification } from '../../src/shared/schemas/notifications.js';
import type { Task } from '../../src/shared/schemas/tasks.js';

interface ErrorBody {
  error: {
    code: string;
    message: string;
    details: { fields?: { path: string; code: string; message: string }[] } | null;
  };
}

/**
 * Настройка → Справочники → Калькуляция through the API: the registry (field errors, the compile
 * check on enabling, versions, rollback, the settings change log, administrators only) and the
 * dry run, which shows what code would do to a document and writes nothing.
 */
describe('calculations', () => {
  let t: TestApp;
  let statuses: Record<string, number>;

  const create = async (body: Record<string, unknown>): Promise<Calculation> => {
    const res = await t.admin.post('/api/v1/calculations', {
      name: 'Проверка',
      docType: 'task',
      trigger: 'before_save',
      ...body,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Calculation>();
  };
  const patch = (id: number, body: Record<string, unknown>) =>
    t.admin.patch(`/api/v1/calculations/${id}`, body);
  const versions = async (id: number): Promise<CalculationVersion[]> => {
    const res = await t.admin.get(`/api/v1/calculations/${id}/versions`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: CalculationVersion[] }>().items;
  };
  const changes = async (query: string, client: Client = t.admin) => {
    const res = await client.get(`/api/v1/settings/changes${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: SettingsChange[]; total: number }>();
  };
  const dryRun = async (body: Record<string, unknown>): Promise<DryRunResult> => {
    const res = await t.admin.post('/api/v1/calculations/dry-run', {
      docType: 'task',
      trigger: 'before_save',
      ...body,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<DryRunResult>();
  };

  beforeAll(async () => {
    t = await createTestApp();
    const list = (await t.admin.get('/api/v1/settings/task-statuses')).json<{ id: number; code: string }[]>();
    statuses = Object.fromEntries(list.map((s) => [s.code, s.id]));
  });
  afterAll(() => t.close());

  it('is for administrators only', async () => {
    const { id, client: ivan } = await rightlessUser(t, 'ivan', 'Иван');
    await grantAccess(t, id, {
      areas: { books: 'write', numbering: 'write', parameters: 'write', mail: 'write', users: 'write' },
    });
    const calc = await create({ name: 'Чужая' });
    expect((await ivan.get('/api/v1/calculations')).statusCode).toBe(403);
    expect((await ivan.get(`/api/v1/calculations/${calc.id}`)).statusCode).toBe(403);
    expect(
      (await ivan.post('/api/v1/calculations', { name: 'x', docType: 'task', trigger: 'after_save' }))
        .statusCode,
    ).toBe(403);
    expect((await ivan.patch(`/api/v1/calculations/${calc.id}`, { name: 'y' })).statusCode).toBe(403);
    expect((await ivan.delete(`/api/v1/calculations/${calc.id}`)).statusCode).toBe(403);
    expect((await ivan.get(`/api/v1/calculations/${calc.id}/versions`)).statusCode).toBe(403);
    expect((await ivan.post(`/api/v1/calculations/${calc.id}/rollback`, { version: 1 })).statusCode).toBe(
      403,
    );
    expect((await ivan.get(`/api/v1/calculations/${calc.id}/errors`)).statusCode).toBe(403);
    const dry = await ivan.post('/api/v1/calculations/dry-run', {
      docType: 'task',
      trigger: 'before_save',
      code: '',
      docId: 1,
    });
    expect(dry.statusCode).toBe(403);
    expect((await t.anonymous.get('/api/v1/calculations')).statusCode).toBe(401);
    // The settings log holds calculations' entries, but only administrators see them.
    expect((await changes('?area=calculations')).total).toBeGreaterThan(0);
    expect(await changes('?area=calculations', ivan)).toEqual({ items: [], total: 0 });
    expect((await changes('?limit=500', ivan)).items.filter((c) => c.area === 'calculations')).toEqual([]);
    expect((await t.admin.delete(`/api/v1/calculations/${calc.id}`)).statusCode).toBe(200);
  });

  it('ships the three examples, disabled, listed in running order', async () => {
    const res = await t.admin.get('/api/v1/calculations');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json<{ items: Calculation[] }>().items;
    const shipped = items.filter((c) => c.exampleKey !== null);
    expect(shipped.map((c) => [c.exampleKey, c.docType, c.trigger, c.isEnabled, c.version]).sort()).toEqual([
      ['missed_call_callback', 'event', 'after_save', false, 1],
      ['project_progress', 'task', 'after_save', false, 1],
      ['task_result_comment', 'task', 'status_change', false, 1],
    ]);
    const order = items.map((c) => [c.docType, c.trigger, c.position, c.id].join('|'));
    const sorted = [...items]
      .sort(
        (a, b) =>
          a.docType.localeCompare(b.docType) ||
          a.trigger.localeCompare(b.trigger) ||
          a.position - b.position ||
          a.id - b.id,
      )
      .map((c) => [c.docType, c.trigger, c.position, c.id].join('|'));
    expect(order).toEqual(sorted);
    expect(shipped.every((c) => c.errorCount === 0 && c.lastErrorAt === null)).toBe(true);
  });

  it('checks the fields in the caller language', async () => {
    const res = await t.admin.post('/api/v1/calculations', {
      name: '',
      docType: 'client',
      trigger: 'before_save',
      timeLimitMs: 5,
      memoryLimitMb: 100,
      code: 'x'.repeat(100_001),
    });
    expect(res.statusCode).toBe(400);
    const fields = res.json<ErrorBody>().error.details!.fields!;
    expect(Object.fromEntries(fields.map((f) => [f.path, f.message]))).toMatchObject({
      name: 'Обязательное поле',
      timeLimitMs: 'Время выполнения: от 10 до 1000 мс',
      memoryLimitMb: 'Память: от 2 до 64 МБ',
      code: 'Код длиннее 100 000 символов',
    });
    expect(fields.map((f) => f.path)).toContain('docType');
    const made = await create({ name: 'Поля' });
    const bad = await patch(made.id, { timeLimitMs: 2000 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<ErrorBody>().error.details!.fields!.map((f) => f.path)).toEqual(['timeLimitMs']);
    expect((await t.admin.get('/api/v1/calculations/987654')).statusCode).toBe(404);
    expect((await patch(987654, { name: 'x' })).statusCode).toBe(404);
  });

  it('keeps code that does not compile disabled', async () => {
    const broken = 'const a = 1;\nlet b = ;\n';
    const refused = await t.admin.post('/api/v1/calculations', {
      name: 'Сломанная',
      docType: 'task',
      trigger: 'before_save',
      isEnabled: true,
      code: broken,
    });
    expect(refused.statusCode).toBe(422);
    const body = refused.json<ErrorBody>().error;
    expect(body.code).toBe('calculation_syntax');
    expect(body.message).toMatch(/^Код не компилируется \(строка 2\): .+/);
    expect(body.details!.fields!.map((f) => [f.path, f.message.startsWith('Строка 2: ')])).toEqual([
      ['code', true],
    ]);

    // Saved disabled it is kept (the dry run shows what is wrong); enabling it is refused.
    const kept = await create({ name: 'Сломанная', code: broken });
    expect(kept).toMatchObject({ isEnabled: false, code: broken, version: 1 });
    const enabling = await patch(kept.id, { isEnabled: true });
    expect(enabling.statusCode).toBe(422);
    expect(enabling.json<ErrorBody>().error.code).toBe('calculation_syntax');
    expect((await t.admin.get(`/api/v1/calculations/${kept.id}`)).json<Calculation>()).toMatchObject({
      isEnabled: false,
      version: 1,
    });
    const fixed = await patch(kept.id, { isEnabled: true, code: 'const a = 1;\nawait find("tasks", {});\n' });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(fixed.json<Calculation>()).toMatchObject({ isEnabled: true, version: 2 });
    expect((await patch(kept.id, { isEnabled: false })).statusCode).toBe(200);
  });

  it('versions every change, refuses a stale one and rolls back as a new version', async () => {
    const calc = await create({ name: 'Версии', code: '// 1\n', position: 5 });
    const v2 = await patch(calc.id, { code: '// 2\n', expectedVersion: 1 });
    expect(v2.statusCode, v2.body).toBe(200);
    expect(v2.json<Calculation>()).toMatchObject({
      version: 2,
      code: '// 2\n',
      updatedBy: { name: 'Администратор' },
    });
    // Another administrator's editor still at version 1.
    const stale = await patch(calc.id, { code: '// mine\n', expectedVersion: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json<ErrorBody>().error).toMatchObject({
      code: 'calculation_version_conflict',
      message: expect.stringContaining('версия 2') as string,
    });
    // Saved as it is: no new version.
    expect((await patch(calc.id, { code: '// 2\n' })).json<Calculation>().version).toBe(2);
    const v3 = await patch(calc.id, { name: 'Версии 3', position: 7, timeLimitMs: 200, isEnabled: true });
    expect(v3.json<Calculation>()).toMatchObject({ version: 3, isEnabled: true });

    const list = await versions(calc.id);
    expect(list.map((v) => [v.version, v.action, v.name, v.code, v.isEnabled])).toEqual([
      [3, 'updated', 'Версии 3', '// 2\n', true],
      [2, 'updated', 'Версии', '// 2\n', false],
      [1, 'created', 'Версии', '// 1\n', false],
    ]);
    expect(list[0]!.changedBy).toMatchObject({ name: 'Администратор' });

    const back = await t.admin.post(`/api/v1/calculations/${calc.id}/rollback`, { version: 1 });
    expect(back.statusCode, back.body).toBe(200);
    // The content of version 1; whether it runs is as it was.
    expect(back.json<Calculation>()).toMatchObject({
      version: 4,
      name: 'Версии',
      code: '// 1\n',
      position: 5,
      timeLimitMs: 100,
      isEnabled: true,
    });
    const after = await versions(calc.id);
    expect(after[0]).toMatchObject({ version: 4, action: 'rolled_back', rolledBackTo: 1, code: '// 1\n' });
    expect((await t.admin.post(`/api/v1/calculations/${calc.id}/rollback`, { version: 9 })).statusCode).toBe(
      404,
    );

    // Every change is in the settings log: who, and what changed.
    const log = (await changes(`?area=calculations&entityId=${calc.id}`)).items;
    expect(log.map((c) => [c.entity, c.action, c.user?.login])).toEqual([
      ['calculation', 'update', 'admin'],
      ['calculation', 'update', 'admin'],
      ['calculation', 'update', 'admin'],
      ['calculation', 'create', 'admin'],
    ]);
    const [rollback, third, second, creation] = log.map((c) => c.changes);
    expect(creation).toMatchObject({
      name: { old: null, new: 'Версии' },
      docType: { old: null, new: 'task' },
      trigger: { old: null, new: 'before_save' },
      version: { old: null, new: 1 },
    });
    expect(second).toEqual({ version: { old: 1, new: 2 }, isCodeChanged: { old: null, new: true } });
    expect(third).toEqual({
      name: { old: 'Версии', new: 'Версии 3' },
      position: { old: 5, new: 7 },
      timeLimitMs: { old: 100, new: 200 },
      isEnabled: { old: false, new: true },
      version: { old: 2, new: 3 },
    });
    expect(rollback).toMatchObject({
      name: { old: 'Версии 3', new: 'Версии' },
      version: { old: 3, new: 4 },
      isCodeChanged: { old: null, new: true },
      rolledBackTo: { old: null, new: 1 },
    });

    expect((await t.admin.delete(`/api/v1/calculations/${calc.id}`)).statusCode).toBe(200);
    expect((await t.admin.get(`/api/v1/calculations/${calc.id}`)).statusCode).toBe(404);
    expect((await t.admin.get(`/api/v1/calculations/${calc.id}/versions`)).statusCode).toBe(404);
    expect((await t.admin.delete(`/api/v1/calculations/${calc.id}`)).statusCode).toBe(404);
    const deleted = (await changes(`?area=calculations&entityId=${calc.id}`)).items[0]!;
    expect(deleted.action).toBe('delete');
    expect(deleted.changes.name).toEqual({ old: 'Версии', new: null });
  });

  describe('the dry run', () => {
    let task: Task;
    let vera: { id: number; client: Client };

    /** What can be seen from outside: the task, the task list, Vera's bell, the settings log. */
    const observed = async () => ({
      task: (await t.admin.get(`/api/v1/tasks/${task.id}`)).json<Task>(),
      tasks: (await t.admin.get('/api/v1/tasks?limit=500')).json<{ items: unknown[] }>().items.length,
      bell: (await vera.client.get('/api/v1/notifications?limit=500')).json<{ items: Notification[] }>()
        .items,
      log: (await changes('?limit=1')).total,
      calculations: (await t.admin.get('/api/v1/calculations')).json<{ items: Calculation[] }>().items,
    });

    beforeAll(async () => {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      vera = await rightlessUser(t, 'vera', 'Вера');
      const res = await t.admin.post('/api/v1/tasks', { title: 'Подготовить договор', performerId: vera.id });
      expect(res.statusCode, res.body).toBe(201);
      task = res.json<Task>();
    });

    it('shows field changes and logs of a before-save script, writing nothing', async () => {
      const before = await observed();
      const result = await dryRun({
        docId: task.id,
        changes: { priority: 'high' },
        code: [
          "log('priority', doc.priority, 'prev', prev.priority);",
          "doc.title = doc.title + ' (срочно)';",
          "if (doc.priority === 'high') doc.deadline = '2030-01-01T10:00:00.000Z';",
          'doc.number = "ignored: read-only";',
          `notify(${vera.id}, 'Проверьте договор');`,
        ].join('\n'),
      });
      expect(result.error).toBeNull();
      expect(result.rejected).toBeNull();
      expect(result.fieldChanges).toEqual([
        { field: 'title', before: 'Подготовить договор', after: 'Подготовить договор (срочно)' },
        { field: 'deadline', before: null, after: '2030-01-01T10:00:00.000Z' },
      ]);
      expect(result.logs).toEqual(['priority high prev normal']);
      expect(result.notifications).toEqual([
        { userId: vera.id, userName: 'Вера', text: 'Проверьте договор' },
      ]);
      expect(result.durationMs).toBeGreaterThanOrEqual(0);
      expect(await observed()).toEqual(before);
    });

    it('shows a reject with its field, and a failure with its line', async () => {
      const rejected = await dryRun({
        trigger: 'status_change',
        docId: task.id,
        changes: { statusId: statuses.closed },
        code: "if (doc.statusId !== prev.statusId) reject('Сначала комментарий', 'statusId');",
      });
      expect(rejected.rejected).toEqual({ message: 'Сначала комментарий', field: 'statusId' });
      const failed = await dryRun({ docId: task.id, code: '// fine\nnoSuchThing();\n' });
      expect(failed.error).toMatchObject({ kind: 'script', line: 2 });
      expect(failed.error!.message).toContain('noSuchThing');
      const created = await dryRun({ docId: task.id, action: 'created', code: 'log(prev === null);' });
      expect(created.logs).toEqual(['true']);
    });

    it('shows the documents and notifications an after-save script would make, and makes none', async () => {
      const before = await observed();
      const result = await dryRun({
        trigger: 'after_save',
        docId: task.id,
        code: [
          "const mine = await find('tasks', { ids: [doc.id] });",
          "createTask({ title: 'Проверить: ' + mine[0].title, performerId: doc.performerId });",
          "update('task', doc.id, { priority: 'low' });",
          `notify(doc.performerId, 'Создана проверка');`,
        ].join('\n'),
      });
      expect(result.error).toBeNull();
      expect(result.created).toEqual([
        { docType: 'task', input: { title: 'Проверить: Подготовить договор', performerId: vera.id } },
      ]);
      expect(result.updates).toEqual([{ docType: 'task', id: task.id, fields: { priority: 'low' } }]);
      expect(result.notifications).toEqual([{ userId: vera.id, userName: 'Вера', text: 'Создана проверка' }]);
      expect(result.fieldChanges).toEqual([]);
      expect(await observed()).toEqual(before);
    });

    it('runs on the card after the changes, as the save would: the shipped «result comment» example', async () => {
      const example = (await t.admin.get('/api/v1/calculations'))
        .json<{ items: Calculation[] }>()
        .items.find((c) => c.exampleKey === 'task_result_comment')!;
      const made = await t.admin.post('/api/v1/tasks', { title: 'Сдать отчёт', performerId: vera.id });
      expect(made.statusCode, made.body).toBe(201);
      const report = made.json<Task>();
      /** The task, its history and everything `observed` sees: what a written change would alter. */
      const state = async () => ({
        ...(await observed()),
        report: (await t.admin.get(`/api/v1/tasks/${report.id}`)).json<Task>(),
        history: (await t.admin.get(`/api/v1/tasks/${report.id}/history`)).json<{ items: unknown[] }>().items,
      });
      const close = () =>
        dryRun({
          trigger: 'status_change',
          docId: report.id,
          changes: { statusId: statuses.closed },
          code: `log(doc.status.code, prev.status.code);\n${example.code}`,
        });

      // Vera is the performer: a saved change of the task reaches her stream.
      const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      const live = await openLive(base, vera.client.cookie!);
      const before = await state();
      const refused = await close();
      expect(refused.error).toBeNull();
      expect(refused.rejected).toEqual({
        message: 'Перед завершением задачи добавьте комментарий с результатом',
        field: 'statusId',
      });
      expect(refused.logs).toEqual(['closed new']);
      expect(await state()).toEqual(before);

      const comment = await t.admin.post(`/api/v1/tasks/${report.id}/comments`, { body: 'Отчёт сдан' });
      expect(comment.statusCode, comment.body).toBe(201);
      const commented = await state();
      const passed = await close();
      expect(passed).toMatchObject({ rejected: null, error: null, logs: ['closed new'] });
      expect(await state()).toEqual(commented);
      expect(commented.report.status.code).toBe('new');

      // Nothing went out live either: Vera's stream has the comment and the save below, in order.
      try {
        const saved = await t.admin.patch(`/api/v1/tasks/${report.id}`, { priority: 'high' });
        expect(saved.statusCode, saved.body).toBe(200);
        const changed = () =>
          live.messages.flatMap((m) =>
            m.type === 'docs.changed' ? [`${m.action}:${m.docType}:${m.ids.join(',')}`] : [],
          );
        await vi.waitFor(() => expect(changed()).toHaveLength(2));
        expect(changed()).toEqual([`updated:task:${report.id}`, `updated:task:${report.id}`]);
      } finally {
        live.close();
      }
    });

    it('refuses changes a save would refuse, translated, naming them in the request', async () => {
      const before = await observed();
      const res = await t.admin.post('/api/v1/calculations/dry-run', {
        docType: 'task',
        trigger: 'before_save',
        docId: task.id,
        changes: { title: 'x'.repeat(1001), colour: 'red' },
        code: '',
      });
      expect(res.statusCode).toBe(400);
      const error = res.json<ErrorBody>().error;
      expect(error.code).toBe('validation_failed');
      expect(error.details).toMatchObject({ in: 'body' });
      const fields = error.details!.fields!;
      expect(fields.map((f) => [f.path, f.code])).toEqual([
        ['changes.title', 'too_big'],
        ['changes.colour', 'unrecognized_keys'],
      ]);
      // Zod's own messages, translated as a request's would be.
      expect(fields[0]!.message).toMatch(/^Слишком большое значение/);
      expect(fields[1]!.message).toMatch(/colour/);
      expect(await observed()).toEqual(before);
    });

    it('keeps a closed task locked: a simulated edit is refused as the PATCH is', async () => {
      const made = await t.admin.post('/api/v1/tasks', { title: 'Закрытая' });
      expect(made.statusCode, made.body).toBe(201);
      const closed = made.json<Task>();
      const close = await t.admin.post(`/api/v1/tasks/${closed.id}/status`, { statusId: statuses.closed });
      expect(close.statusCode, close.body).toBe(200);
      const patched = await t.admin.patch(`/api/v1/tasks/${closed.id}`, { title: 'Правка' });
      expect(patched.statusCode, patched.body).toBe(409);
      const res = await t.admin.post('/api/v1/calculations/dry-run', {
        docType: 'task',
        trigger: 'before_save',
        docId: closed.id,
        changes: { title: 'Правка' },
        code: "log('ran');",
      });
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json<ErrorBody>().error).toMatchObject({
        code: 'task_final_locked',
        message: patched.json<ErrorBody>().error.message,
      });
      expect((await t.admin.get(`/api/v1/tasks/${closed.id}`)).json<Task>().title).toBe('Закрытая');
    });

    it('answers 404 for a document that does not exist', async () => {
      const res = await t.admin.post('/api/v1/calculations/dry-run', {
        docType: 'task',
        trigger: 'before_save',
        code: '',
        docId: 987654,
      });
      expect(res.statusCode).toBe(404);
    });
  });
});
