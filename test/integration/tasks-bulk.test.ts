import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { childJournal, grantAccess, rightlessUser } from '../support/access.js';
import { WebhookPeer } from '../support/webhook-peer.js';
import type { Task, TaskBoard } from '../../src/shared/schemas/tasks.js';
import type { Webhook } from '../../src/shared/schemas/webhooks.js';

interface BulkResult {
  updated: number;
  errors: { id: number; code: string; message: string }[];
}

/**
 * POST /api/v1/tasks/bulk-status: many tasks to one status, each checked like a single change;
 * the refused ones are listed with the reason, the others saved with their history.
 */
describe('bulk status change of tasks', () => {
  let t: TestApp;
  let s: Record<string, number>;
  const j = {} as Record<'root' | 'readable' | 'writable' | 'hidden', number>;

  const createTask = async (body: Record<string, unknown>): Promise<Task> => {
    const res = await t.admin.post('/api/v1/tasks', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Task>();
  };
  const statusOf = async (id: number) => (await t.admin.get(`/api/v1/tasks/${id}`)).json<Task>();

  beforeAll(async () => {
    t = await createTestApp();
    const list = (await t.admin.get('/api/v1/settings/task-statuses')).json<{ id: number; code: string }[]>();
    s = Object.fromEntries(list.map((x) => [x.code, x.id]));
    const journals = (await t.admin.get('/api/v1/settings/journals')).json<{ id: number; code: string }[]>();
    j.root = journals.find((x) => x.code === 'tasks')!.id;
    j.readable = await childJournal(t, 'bulk_read', j.root);
    j.writable = await childJournal(t, 'bulk_write', j.root);
    j.hidden = await childJournal(t, 'bulk_hidden', j.root);
    // «Отложена» may only go back to work.
    const res = await t.admin.patch(`/api/v1/settings/task-statuses/${s.postponed}`, {
      allowedNextIds: [s.in_progress],
    });
    expect(res.statusCode, res.body).toBe(200);
  });
  afterAll(() => t.close());

  it('saves the tasks it may and lists each refused one with the reason', async () => {
    const olga = await rightlessUser(t, 'olga', 'Ольга');
    await grantAccess(t, olga.id, {
      permissions: { tasks: { read: 'all', edit: 'all' } },
      journals: [
        { journalId: j.readable, mode: 'read' },
        { journalId: j.writable, mode: 'write' },
      ],
    });
    const editable = await createTask({ title: 'Можно', journalId: j.writable });
    const alsoEditable = await createTask({
      title: 'Тоже можно',
      journalId: j.writable,
      statusId: s.in_progress,
    });
    const readOnly = await createTask({ title: 'Только чтение', journalId: j.readable });
    const hidden = await createTask({ title: 'Скрытая', journalId: j.hidden });
    const postponed = await createTask({ title: 'Отложенная', journalId: j.writable });
    expect(
      (await t.admin.post(`/api/v1/tasks/${postponed.id}/status`, { statusId: s.postponed })).statusCode,
    ).toBe(200);
    const already = await createTask({
      title: 'Уже выполнена',
      journalId: j.writable,
      statusId: s.in_progress,
    });
    expect((await t.admin.post(`/api/v1/tasks/${already.id}/status`, { statusId: s.done })).statusCode).toBe(
      200,
    );

    const res = await olga.client.post('/api/v1/tasks/bulk-status', {
      ids: [
        editable.id,
        readOnly.id,
        hidden.id,
        999_999,
        postponed.id,
        already.id,
        alsoEditable.id,
        editable.id,
      ],
      statusId: s.done,
    });
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json<BulkResult>();
    expect(result.updated).toBe(2);
    expect(result.errors).toEqual([
      { id: readOnly.id, code: 'forbidden', message: 'Недостаточно прав' },
      { id: hidden.id, code: 'not_found', message: 'Запись не найдена' },
      { id: 999_999, code: 'not_found', message: 'Запись не найдена' },
      {
        id: postponed.id,
        code: 'task_transition_refused',
        message: 'Переход из статуса «Отложена» в «Выполнена» не разрешён',
      },
    ]);

    for (const task of [editable, alsoEditable, already])
      expect((await statusOf(task.id)).statusId).toBe(s.done);
    for (const task of [readOnly, hidden]) expect((await statusOf(task.id)).statusId).toBe(s.new);
    expect((await statusOf(postponed.id)).statusId).toBe(s.postponed);

    // History as a single change writes it: the status with its name, by the user who moved it.
    const history = (await t.admin.get(`/api/v1/tasks/${alsoEditable.id}/history`)).json<{
      items: { field: string | null; oldValue: unknown; newValue: unknown; userName: string }[];
    }>().items;
    expect(history[0]).toMatchObject({
      field: 'statusId',
      oldValue: { id: s.in_progress, name: 'В работе' },
      newValue: { id: s.done, name: 'Выполнена' },
      userName: 'Ольга',
    });
    // The search entry shows the new status.
    const found = await t.admin.get(`/api/v1/search?q=${encodeURIComponent('Тоже можно')}&types=task`);
    expect(JSON.stringify(found.json())).toContain(`${alsoEditable.number} · Выполнена`);

    // In the caller's language.
    expect((await t.admin.patch(`/api/v1/users/${olga.id}`, { locale: 'en' })).statusCode).toBe(200);
    const en = await olga.client.post('/api/v1/tasks/bulk-status', { ids: [readOnly.id], statusId: s.done });
    expect(en.json<BulkResult>().errors).toEqual([
      { id: readOnly.id, code: 'forbidden', message: 'You do not have permission to do this' },
    ]);
  });

  it('stamps completion on entering a final status and clears it on leaving', async () => {
    const a = await createTask({ title: 'Закрыть', journalId: j.writable });
    const closed = await t.admin.post('/api/v1/tasks/bulk-status', { ids: [a.id], statusId: s.closed });
    expect(closed.json<BulkResult>()).toEqual({ updated: 1, errors: [] });
    expect((await statusOf(a.id)).completedAt).not.toBeNull();
    const reopened = await t.admin.post('/api/v1/tasks/bulk-status', {
      ids: [a.id],
      statusId: s.in_progress,
    });
    expect(reopened.json<BulkResult>()).toEqual({ updated: 1, errors: [] });
    expect((await statusOf(a.id)).completedAt).toBeNull();
  });

  it('refuses a request it cannot take as a whole', async () => {
    const task = await createTask({ title: 'Проверка', journalId: j.writable });
    const none = await t.admin.post('/api/v1/tasks/bulk-status', { ids: [], statusId: s.done });
    expect(none.statusCode).toBe(400);
    const tooMany = await t.admin.post('/api/v1/tasks/bulk-status', {
      ids: Array.from({ length: 10_001 }, (_, i) => i + 1),
      statusId: s.done,
    });
    expect(tooMany.statusCode).toBe(400);
    const unknown = await t.admin.post('/api/v1/tasks/bulk-status', { ids: [task.id], statusId: 999_999 });
    expect(unknown.statusCode).toBe(400);
    expect(
      unknown.json<{ error: { details: { fields: { path: string }[] } } }>().error.details.fields,
    ).toMatchObject([{ path: 'statusId' }]);
    // Without any right, each task answers as one the user cannot see.
    const { client: nobody } = await rightlessUser(t, 'nobody', 'Никто');
    const hiddenFromNobody = await nobody.post('/api/v1/tasks/bulk-status', {
      ids: [task.id],
      statusId: s.done,
    });
    expect(hiddenFromNobody.statusCode).toBe(200);
    expect(hiddenFromNobody.json<BulkResult>()).toMatchObject({
      updated: 0,
      errors: [{ id: task.id, code: 'not_found' }],
    });
    expect((await statusOf(task.id)).statusId).toBe(s.new);
  });

  it('moves 10 000 tasks, one webhook delivery each', async () => {
    const peer = await WebhookPeer.start();
    try {
      const hook = await t.admin.post('/api/v1/admin/webhooks', {
        name: 'Статусы',
        url: peer.url,
        events: ['status_changed'],
        docTypes: ['task'],
      });
      expect(hook.statusCode).toBe(201);
      // Made straight in the table: 10 000 saves through the API would take minutes.
      const now = new Date().toISOString();
      const ids: number[] = [];
      for (let i = 0; i < 10_000; i += 500) {
        const rows = await t.ctx.database.db
          .insertInto('tasks')
          .values(
            Array.from({ length: 500 }, (_, k) => ({
              number: `М-${i + k}`,
              title: `Массовая ${i + k}`,
              status_id: s.new!,
              journal_id: j.writable,
              author_id: null,
              created_at: now,
              updated_at: now,
            })),
          )
          .returning('id')
          .execute();
        ids.push(...rows.map((r) => r.id));
      }
      const res = await t.admin.post('/api/v1/tasks/bulk-status', { ids, statusId: s.in_progress });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<BulkResult>()).toEqual({ updated: 10_000, errors: [] });

      const board = (
        await t.admin.get(`/api/v1/tasks/board?statusId=${s.in_progress}&journalId=${j.writable}`)
      ).json<TaskBoard>();
      expect(board.columns[0]!.total).toBeGreaterThanOrEqual(10_000);
      const hookId = hook.json<Webhook>().id;
      expect((await t.admin.get(`/api/v1/admin/webhooks/${hookId}`)).json<Webhook>().pending).toBe(10_000);
    } finally {
      await peer.close();
    }
  }, 120_000);
});
