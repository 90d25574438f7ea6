import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DefaultQueryExecutor, type CompiledQuery } from 'kysely';
import { createTestApp, type Client, type TestApp } from '../support/app.js';
import type { Notification, NotificationPage } from '../../src/shared/schemas/notifications.js';

/**
 * Durable reminders through the HTTP API: a task's deadline approaching and passed, an event's
 * start; scheduled when the document is saved, moved with it, dropped when it closes or goes,
 * moved when the administrator changes the lead time, and fired exactly once. The firing is
 * driven with runDue and a clock set to the moment of interest instead of waiting for it.
 */

const MINUTE = 60_000;

interface Status {
  id: number;
  code: string;
}

describe('reminders', () => {
  let t: TestApp;
  let boris: Client;
  let borisId: number;
  let statuses: Record<string, Status>;

  const iso = (ms: number) => new Date(ms).toISOString();
  const rule = (trigger: string, recipients: string[], leadMinutes: number | null) => ({
    trigger,
    isEnabled: true,
    recipients,
    inApp: true,
    email: false,
    isMandatory: false,
    leadMinutes,
    statusIds: [],
    userIds: [],
  });
  const setLeads = async (deadlineSoon: number, eventReminder: number) => {
    const res = await t.admin.put('/api/v1/settings/notifications', {
      rules: [
        rule('task_deadline_soon', ['performer', 'author'], deadlineSoon),
        rule('task_overdue', ['performer', 'author'], null),
        rule('event_reminder', ['performer', 'participants'], eventReminder),
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  const createTask = async (deadline: number | null, title = 'Задача с крайним сроком') => {
    const res = await t.admin.post('/api/v1/tasks', {
      title,
      performerId: borisId,
      deadline: deadline === null ? null : iso(deadline),
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: number }>().id;
  };
  const patchTask = async (id: number, body: Record<string, unknown>) => {
    const res = await t.admin.patch(`/api/v1/tasks/${id}`, body);
    expect(res.statusCode, res.body).toBe(200);
  };
  /** The notifications of one trigger about one document that the user has. */
  const got = async (c: Client, docId: number, trigger: string): Promise<Notification[]> => {
    const res = await c.get('/api/v1/notifications?limit=500');
    expect(res.statusCode, res.body).toBe(200);
    return res.json<NotificationPage>().items.filter((n) => n.docId === docId && n.trigger === trigger);
  };
  const scheduleOf = (docType: string, docId: number) =>
    t.ctx.database.db
      .selectFrom('notification_reminders')
      .select(['kind', 'fire_at', 'fired_at'])
      .where('doc_type', '=', docType)
      .where('doc_id', '=', docId)
      .orderBy('kind')
      .execute();

  beforeAll(async () => {
    t = await createTestApp();
    const user = await t.admin.post('/api/v1/users', {
      login: 'boris',
      fullName: 'Борис Исполнитель',
      password: 'boris-password-1',
    });
    expect(user.statusCode, user.body).toBe(201);
    borisId = user.json<{ id: number }>().id;
    boris = await t.login('boris', 'boris-password-1');
    await setLeads(1, 15);
    statuses = {};
    for (const s of (await t.admin.get('/api/v1/settings/task-statuses')).json<Status[]>())
      statuses[s.code] = s;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('fires «deadline soon» once at the lead before the deadline, and «overdue» at the deadline', async () => {
    const deadline = Date.now() + 2 * MINUTE;
    const id = await createTask(deadline);
    expect(await t.services.reminders.runDue()).toBe(0);
    expect(await got(boris, id, 'task_deadline_soon')).toEqual([]);

    const soon = new Date(deadline - MINUTE + 1000);
    expect(await t.services.reminders.runDue(soon)).toBe(1);
    const [notice] = await got(boris, id, 'task_deadline_soon');
    expect(notice).toMatchObject({ docType: 'task', docId: id, actor: null });
    // The author is told too (the rule names both); nobody twice.
    expect(await got(t.admin, id, 'task_deadline_soon')).toHaveLength(1);
    expect(await t.services.reminders.runDue(soon)).toBe(0);
    expect(await got(boris, id, 'task_deadline_soon')).toHaveLength(1);
    expect(await got(boris, id, 'task_overdue')).toEqual([]);

    expect(await t.services.reminders.runDue(new Date(deadline + 1000))).toBe(1);
    expect(await got(boris, id, 'task_overdue')).toHaveLength(1);
    expect(await got(t.admin, id, 'task_overdue')).toHaveLength(1);
    expect(await t.services.reminders.runDue(new Date(deadline + 2 * MINUTE))).toBe(0);
    expect(await got(boris, id, 'task_deadline_soon')).toHaveLength(1);
    expect(await got(boris, id, 'task_overdue')).toHaveLength(1);
  });

  it('moving the deadline moves the reminders; once fired, it fires again for the new time', async () => {
    const first = Date.now() + 2 * MINUTE;
    const id = await createTask(first);
    const second = Date.now() + 10 * MINUTE;
    await patchTask(id, { deadline: iso(second) });
    expect(await scheduleOf('task', id)).toEqual([
      { kind: 'deadline_soon', fire_at: iso(second - MINUTE), fired_at: null },
      { kind: 'overdue', fire_at: iso(second), fired_at: null },
    ]);

    await t.services.reminders.runDue(new Date(first));
    expect(await got(boris, id, 'task_deadline_soon')).toEqual([]);
    expect(await got(boris, id, 'task_overdue')).toEqual([]);
    await t.services.reminders.runDue(new Date(second - MINUTE + 1000));
    expect(await got(boris, id, 'task_deadline_soon')).toHaveLength(1);

    const third = Date.now() + 20 * MINUTE;
    await patchTask(id, { deadline: iso(third) });
    await t.services.reminders.runDue(new Date(second + 1000));
    expect(await got(boris, id, 'task_overdue')).toEqual([]);
    await t.services.reminders.runDue(new Date(third - MINUTE + 1000));
    await t.services.reminders.runDue(new Date(third - MINUTE + 2000));
    expect(await got(boris, id, 'task_deadline_soon')).toHaveLength(2);
  });

  it('completing, clearing the deadline or deleting the task cancels its reminders', async () => {
    const deadline = Date.now() + 2 * MINUTE;
    const completed = await createTask(deadline, 'Будет выполнена');
    const cleared = await createTask(deadline, 'Без срока');
    const deleted = await createTask(deadline, 'Будет удалена');
    const done = await t.admin.post(`/api/v1/tasks/${completed}/status`, { statusId: statuses.closed!.id });
    expect(done.statusCode, done.body).toBe(200);
    await patchTask(cleared, { deadline: null });
    expect((await t.admin.delete(`/api/v1/tasks/${deleted}`)).statusCode).toBe(200);
    for (const [what, id] of Object.entries({ completed, cleared, deleted }))
      expect(await scheduleOf('task', id), what).toEqual([]);

    await t.services.reminders.runDue(new Date(deadline + 1000));
    for (const id of [completed, cleared]) {
      expect(await got(boris, id, 'task_deadline_soon')).toEqual([]);
      expect(await got(boris, id, 'task_overdue')).toEqual([]);
    }

    // Back to work: the reminders return.
    const reopened = await t.admin.post(`/api/v1/tasks/${completed}/status`, {
      statusId: statuses.in_progress!.id,
    });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect((await scheduleOf('task', completed)).map((r) => r.kind)).toEqual(['deadline_soon', 'overdue']);
  });

  it('a reminder whose time has passed fires at once; «deadline soon» only while the deadline is ahead', async () => {
    const close = await createTask(Date.now() + 30_000, 'Срок через полминуты');
    const late = await createTask(Date.now() - 60 * MINUTE, 'Срок прошёл час назад');
    await t.services.reminders.runDue();
    expect(await got(boris, close, 'task_deadline_soon')).toHaveLength(1);
    expect(await got(boris, close, 'task_overdue')).toEqual([]);
    expect(await got(boris, late, 'task_overdue')).toHaveLength(1);
    expect(await got(boris, late, 'task_deadline_soon')).toEqual([]);

    // Saving it again (another title) changes nothing of the schedule: nothing fires twice.
    await patchTask(late, { title: 'Срок прошёл, переименована' });
    await t.services.reminders.runDue();
    expect(await got(boris, late, 'task_overdue')).toHaveLength(1);
    expect(await got(boris, close, 'task_deadline_soon')).toHaveLength(1);
  });

  it('reminds the event’s people the lead before its start; moved with it, dropped when cancelled', async () => {
    const types = (await t.admin.get('/api/v1/settings/event-types')).json<{ id: number; code: string }[]>();
    const meeting = types.find((x) => x.code === 'meeting')!;
    const start = Date.now() + 30 * MINUTE;
    const res = await t.admin.post('/api/v1/events', {
      typeId: meeting.id,
      subject: 'Встреча с клиентом',
      startsAt: iso(start),
      performerId: borisId,
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json<{ id: number }>().id;
    expect(await scheduleOf('event', id)).toEqual([
      { kind: 'event_reminder', fire_at: iso(start - 15 * MINUTE), fired_at: null },
    ]);

    const later = Date.now() + 60 * MINUTE;
    const moved = await t.admin.patch(`/api/v1/events/${id}`, { startsAt: iso(later) });
    expect(moved.statusCode, moved.body).toBe(200);
    await t.services.reminders.runDue(new Date(start - 15 * MINUTE + 1000));
    expect(await got(boris, id, 'event_reminder')).toEqual([]);
    await t.services.reminders.runDue(new Date(later - 15 * MINUTE + 1000));
    expect(await got(boris, id, 'event_reminder')).toHaveLength(1);

    const other = await t.admin.post('/api/v1/events', {
      typeId: meeting.id,
      subject: 'Отменённая встреча',
      startsAt: iso(Date.now() + 30 * MINUTE),
      performerId: borisId,
    });
    expect(other.statusCode, other.body).toBe(201);
    const otherId = other.json<{ id: number }>().id;
    const cancelled = await t.admin.patch(`/api/v1/events/${otherId}`, { status: 'cancelled' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(await scheduleOf('event', otherId)).toEqual([]);
  });

  it('a new lead time moves the reminders not fired yet', async () => {
    const deadline = Date.now() + 3 * 60 * MINUTE;
    const id = await createTask(deadline, 'Срок через три часа');
    await setLeads(120, 15);
    try {
      expect(await scheduleOf('task', id)).toEqual([
        { kind: 'deadline_soon', fire_at: iso(deadline - 120 * MINUTE), fired_at: null },
        { kind: 'overdue', fire_at: iso(deadline), fired_at: null },
      ]);
      await t.services.reminders.runDue(new Date(deadline - 120 * MINUTE + 1000));
      const [notice] = await got(boris, id, 'task_deadline_soon');
      expect(notice).toBeDefined();
    } finally {
      await setLeads(1, 15);
    }
    // The fired one stays fired under the old lead; the new one applies to later schedules.
    expect((await scheduleOf('task', id))[0]).toMatchObject({
      kind: 'deadline_soon',
      fire_at: iso(deadline - 120 * MINUTE),
    });
    expect((await scheduleOf('task', id))[0]!.fired_at).not.toBeNull();
  });

  it('a new lead time moves hundreds of reminders with a few statements, chunk by chunk', async () => {
    // More than one chunk (500) of reminders of the kind the new lead moves.
    const count = 520;
    const base = Date.now() + 5 * 60 * MINUTE;
    const ids: number[] = [];
    for (let i = 0; i < count; i += 20) {
      const batch = Array.from({ length: Math.min(20, count - i) }, (_, j) =>
        createTask(base + (i + j) * 1000, `Задача ${i + j}`),
      );
      ids.push(...(await Promise.all(batch)));
    }
    const deadlineOf = new Map(ids.map((id, i) => [id, base + i * 1000]));
    const soonOf = async () =>
      new Map(
        (
          await t.ctx.database.db
            .selectFrom('notification_reminders')
            .select(['doc_id', 'fire_at', 'fired_at'])
            .where('doc_type', '=', 'task')
            .where('kind', '=', 'deadline_soon')
            .where('doc_id', 'in', ids)
            .execute()
        ).map((r) => [r.doc_id, r]),
      );
    expect([...(await soonOf()).values()].map((r) => r.fire_at).sort()).toEqual(
      ids.map((id) => iso(deadlineOf.get(id)! - MINUTE)).sort(),
    );

    // Every statement the rules save sends to the database, whichever connection it goes through.
    const spy = vi.spyOn(DefaultQueryExecutor.prototype, 'executeQuery');
    let writes: string[];
    try {
      await setLeads(90, 15);
      writes = spy.mock.calls
        .map(([query]) => (query as CompiledQuery).sql)
        .filter((q) => /^(update|insert into|delete from) "notification_reminders"/i.test(q));
    } finally {
      spy.mockRestore();
    }
    try {
      const moved = await soonOf();
      expect(moved.size).toBe(count);
      for (const id of ids)
        expect(moved.get(id), String(id)).toEqual({
          doc_id: id,
          fire_at: iso(deadlineOf.get(id)! - 90 * MINUTE),
          fired_at: null,
        });
      // One upsert per chunk, not one UPDATE per reminder.
      expect(writes.length).toBeGreaterThan(0);
      expect(writes.length).toBeLessThanOrEqual(2 * Math.ceil(count / 500));
    } finally {
      await setLeads(1, 15);
    }
    expect((await soonOf()).get(ids[0]!)!.fire_at).toBe(iso(base - MINUTE));
  });
});
