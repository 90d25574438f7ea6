import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { rightlessUser } from '../support/access.js';
import { eventually } from '../support/eventually.js';
import type { Calculation } from '../../src/shared/schemas/calculations.js';
import type { Task, TaskPage } from '../../src/shared/schemas/tasks.js';
import type { EventCard } from '../../src/shared/schemas/events.js';
import type { Project } from '../../src/shared/schemas/projects.js';
import type { HistoryEntry } from '../../src/shared/schemas/history.js';
import type { Notification } from '../../src/shared/schemas/notifications.js';

interface ErrorBody {
  error: { code: string; message: string; details: { fields?: { path: string; message: string }[] } | null };
}

/**
 * Calculations run on every save of a task, an event or a project — the card files' create,
 * update and status paths, the bulk status change and the events the system records (calls) —
 * with before-save changes saved in the same transaction (and in the history), a refusal
 * undoing the save, and after-save effects made by the job once the save is committed.
 */
describe('calculations on card-file saves', () => {
  let t: TestApp;
  let status: Record<string, number>;
  let meetingType: number;

  /** Adds an enabled calculation; returns its id. */
  const calculation = async (body: Record<string, unknown>): Promise<number> => {
    const res = await t.admin.post('/api/v1/calculations', { isEnabled: true, ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Calculation>().id;
  };
  /** Runs `fn` with calculations that are deleted afterwards, whatever happens. */
  const withCalculations = async (bodies: Record<string, unknown>[], fn: () => Promise<void>) => {
    const ids: number[] = [];
    try {
      for (const body of bodies) ids.push(await calculation(body));
      await fn();
    } finally {
      for (const id of ids) await t.admin.delete(`/api/v1/calculations/${id}`);
    }
  };
  /** Runs `fn` with a shipped example turned on, and off again afterwards. */
  const withExample = async (key: string, fn: () => Promise<void>) => {
    const list = (await t.admin.get('/api/v1/calculations')).json<{ items: Calculation[] }>().items;
    const example = list.find((c) => c.exampleKey === key);
    expect(example, key).toBeDefined();
    const on = await t.admin.patch(`/api/v1/calculations/${example!.id}`, { isEnabled: true });
    expect(on.statusCode, on.body).toBe(200);
    try {
      await fn();
    } finally {
      await t.admin.patch(`/api/v1/calculations/${example!.id}`, { isEnabled: false });
    }
  };
  const createTask = async (body: Record<string, unknown>): Promise<Task> => {
    const res = await t.admin.post('/api/v1/tasks', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Task>();
  };
  const getTask = async (id: number) => (await t.admin.get(`/api/v1/tasks/${id}`)).json<Task>();
  const history = async (path: string) =>
    (await t.admin.get(`${path}/history?limit=100`)).json<{ items: HistoryEntry[] }>().items;

  beforeAll(async () => {
    t = await createTestApp();
    const statuses = (await t.admin.get('/api/v1/settings/task-statuses')).json<
      { id: number; code: string }[]
    >();
    status = Object.fromEntries(statuses.map((s) => [s.code, s.id]));
    const types = (await t.admin.get('/api/v1/settings/event-types')).json<{ id: number; code: string }[]>();
    meetingType = types.find((x) => x.code === 'meeting')!.id;
  });
  afterAll(async () => {
    await t.services.calculations.stop();
    await t.close();
  });

  it('a before-save script changes the task on create and update; the history shows the change', async () => {
    await withCalculations(
      [
        {
          name: 'Пометка в названии',
          docType: 'task',
          trigger: 'before_save',
          code: "if (!doc.title.endsWith(' ✓')) doc.title = doc.title + ' ✓';",
        },
      ],
      async () => {
        const task = await createTask({ title: 'Позвонить' });
        expect(task.title).toBe('Позвонить ✓');
        const res = await t.admin.patch(`/api/v1/tasks/${task.id}`, { title: 'Перезвонить' });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json<Task>().title).toBe('Перезвонить ✓');
        const titles = (await history(`/api/v1/tasks/${task.id}`))
          .filter((h) => h.field === 'title')
          .map((h) => [h.oldValue, h.newValue]);
        expect(titles).toEqual(
          expect.arrayContaining([
            ['Позвонить', 'Позвонить ✓'],
            ['Позвонить ✓', 'Перезвонить'],
            ['Перезвонить', 'Перезвонить ✓'],
          ]),
        );
      },
    );
    // Without the calculation the title is saved as given.
    expect((await createTask({ title: 'Написать' })).title).toBe('Написать');
  });

  it('a refusal fails the PATCH with 422 next to the field, and nothing is saved', async () => {
    const task = await createTask({ title: 'Срочно', priority: 'normal' });
    await withCalculations(
      [
        {
          name: 'Срочным — срок',
          docType: 'task',
          trigger: 'before_save',
          code: "if (doc.priority === 'urgent' && doc.deadline === null) reject('Срочной задаче нужен срок', 'deadline');",
        },
      ],
      async () => {
        const refused = await t.admin.patch(`/api/v1/tasks/${task.id}`, {
          priority: 'urgent',
          title: 'Очень срочно',
        });
        expect(refused.statusCode, refused.body).toBe(422);
        const body = refused.json<ErrorBody>();
        expect(body.error.code).toBe('calculation_rejected');
        expect(body.error.message).toBe('Срочной задаче нужен срок');
        expect(body.error.details?.fields?.[0]?.path).toBe('deadline');
        const after = await getTask(task.id);
        expect([after.priority, after.title, after.updatedAt]).toEqual(['normal', 'Срочно', task.updatedAt]);
        expect((await history(`/api/v1/tasks/${task.id}`)).filter((h) => h.action === 'update')).toEqual([]);

        const ok = await t.admin.patch(`/api/v1/tasks/${task.id}`, {
          priority: 'urgent',
          deadline: '2026-12-01T10:00:00+02:00',
        });
        expect(ok.statusCode, ok.body).toBe(200);
        expect(ok.json<Task>().priority).toBe('urgent');
      },
    );
  });

  it('a script that fails (a bad find filter) fails the save and names the calculation', async () => {
    await withCalculations(
      [
        {
          name: 'Неверный фильтр',
          docType: 'task',
          trigger: 'before_save',
          code: "await find('tasks', { colour: 'red' });",
        },
      ],
      async () => {
        const res = await t.admin.post('/api/v1/tasks', { title: 'Не сохранится' });
        expect(res.statusCode, res.body).toBe(422);
        const body = res.json<ErrorBody>();
        expect(body.error.code).toBe('calculation_failed');
        expect(body.error.message).toContain('Неверный фильтр');
        expect(body.error.message).toContain('colour');
      },
    );
    const page = (
      await t.admin.get(`/api/v1/tasks?q=${encodeURIComponent('Не сохранится')}`)
    ).json<TaskPage>();
    expect(page.items).toEqual([]);
  });

  it('runs before-save and status-change scripts once per save: one notification each', async () => {
    const created = await t.admin.post('/api/v1/users', {
      login: 'nina',
      fullName: 'Нина',
      password: 'nina-password-1',
    });
    expect(created.statusCode, created.body).toBe(201);
    const nina = await t.login('nina', 'nina-password-1');
    const ninaId = created.json<{ id: number }>().id;
    await withCalculations(
      [
        {
          name: 'Каждое сохранение',
          docType: 'task',
          trigger: 'before_save',
          code: `if (doc.title.startsWith('Раз')) notify(${ninaId}, 'сохранение');`,
        },
        {
          name: 'Каждый статус',
          docType: 'task',
          trigger: 'status_change',
          code: `if (doc.title.startsWith('Раз')) notify(${ninaId}, 'статус ' + doc.status.code);`,
        },
      ],
      async () => {
        const first = await createTask({ title: 'Раз' });
        const renamed = await t.admin.patch(`/api/v1/tasks/${first.id}`, { title: 'Раз-два' });
        expect(renamed.statusCode, renamed.body).toBe(200);
        const moved = await t.admin.post(`/api/v1/tasks/${first.id}/status`, {
          statusId: status.in_progress,
        });
        expect(moved.statusCode, moved.body).toBe(200);
        const second = await createTask({ title: 'Раз-три' });
        const bulk = await t.admin.post('/api/v1/tasks/bulk-status', {
          ids: [first.id, second.id],
          statusId: status.cancelled,
        });
        expect(bulk.json()).toEqual({ updated: 2, errors: [] });

        const bell = (await nina.get('/api/v1/notifications?limit=500'))
          .json<{ items: Notification[] }>()
          .items.filter((n) => n.trigger === 'calculation')
          .map((n) => `${n.docId} ${n.text.replace(/ \(калькуляция .*\)$/, '')}`);
        const saved = (id: number) => `${id} сохранение`;
        const moves = (id: number, code: string) => `${id} статус ${code}`;
        expect(bell.sort()).toEqual(
          [
            // POST, PATCH, the status change, the bulk change: the first task.
            saved(first.id),
            moves(first.id, 'new'),
            saved(first.id),
            saved(first.id),
            moves(first.id, 'in_progress'),
            saved(first.id),
            moves(first.id, 'cancelled'),
            // POST and the bulk change: the second.
            saved(second.id),
            moves(second.id, 'new'),
            saved(second.id),
            moves(second.id, 'cancelled'),
          ].sort(),
        );
      },
    );
  });

  it('the shipped «result comment» example: no final status without a comment, single or bulk', async () => {
    await withExample('task_result_comment', async () => {
      const task = await createTask({ title: 'Сдать отчёт' });
      const refused = await t.admin.post(`/api/v1/tasks/${task.id}/status`, { statusId: status.closed });
      expect(refused.statusCode, refused.body).toBe(422);
      const refusal = refused.json<ErrorBody>().error;
      expect(refusal.code).toBe('calculation_rejected');
      expect(refusal.message).toBe('Перед завершением задачи добавьте комментарий с результатом');
      expect((await getTask(task.id)).status.code).toBe('new');

      const comment = await t.admin.post(`/api/v1/tasks/${task.id}/comments`, { body: 'Отчёт сдан' });
      expect(comment.statusCode, comment.body).toBe(201);
      const closed = await t.admin.post(`/api/v1/tasks/${task.id}/status`, { statusId: status.closed });
      expect(closed.statusCode, closed.body).toBe(200);
      expect(closed.json<Task>().status.code).toBe('closed');

      // The bulk change saves task by task, so each is refused or saved on its own.
      const commented = await createTask({ title: 'С комментарием' });
      await t.admin.post(`/api/v1/tasks/${commented.id}/comments`, { body: 'Готово' });
      const silent = await createTask({ title: 'Без комментария' });
      const bulk = await t.admin.post('/api/v1/tasks/bulk-status', {
        ids: [commented.id, silent.id, 987654321],
        statusId: status.cancelled,
      });
      expect(bulk.statusCode, bulk.body).toBe(200);
      expect(bulk.json()).toEqual({
        updated: 1,
        errors: [
          {
            id: silent.id,
            code: 'calculation_rejected',
            message: 'Перед завершением задачи добавьте комментарий с результатом',
          },
          { id: 987654321, code: 'not_found', message: expect.any(String) },
        ],
      });
      expect((await getTask(commented.id)).status.code).toBe('cancelled');
      expect((await getTask(silent.id)).status.code).toBe('new');
      // A move that is not into a final status is not the example's business.
      const moved = await t.admin.post('/api/v1/tasks/bulk-status', {
        ids: [silent.id],
        statusId: status.in_progress,
      });
      expect(moved.json()).toEqual({ updated: 1, errors: [] });
    });
  });

  it('the shipped «missed call» example leaves the operator a task to call back', async () => {
    const token = (await t.admin.post('/api/v1/settings/telephony/pbx-token')).json<{ token: string }>()
      .token;
    const operator = await rightlessUser(t, 'oper', 'Оператор Олена');
    const params = await t.admin.put(`/api/v1/settings/user-parameters/${operator.id}`, { sipNumber: '201' });
    expect(params.statusCode, params.body).toBe(200);
    const client = await t.admin.post('/api/v1/clients', {
      name: 'ТОВ «Дзвінок»',
      phones: [{ number: '+380 44 123 45 67' }],
    });
    expect(client.statusCode, client.body).toBe(201);
    t.services.calculations.start();
    await withExample('missed_call_callback', async () => {
      const call = await t.app.inject({
        method: 'POST',
        url: '/api/v1/telephony/pbx/finish',
        headers: { authorization: `Bearer ${token}` },
        payload: {
          callId: 'missed-1',
          direction: 'in',
          externalNumber: '0441234567',
          sipNumber: '201',
          startedAt: '2026-11-01T09:00:00Z',
          durationSeconds: 20,
          billsec: 0,
          statusCode: 486,
        },
      });
      expect(call.statusCode, call.body).toBe(200);
      const eventId = call.json<{ eventId: number }>().eventId;
      const event = (await t.admin.get(`/api/v1/events/${eventId}`)).json<EventCard>();
      expect([event.type.code, event.performerId]).toEqual(['missed_incoming_call', operator.id]);

      const task = await eventually(async () => {
        const page = (await t.admin.get(`/api/v1/tasks?performerId=${operator.id}`)).json<TaskPage>();
        return page.items.find((x) => x.eventId === eventId);
      }, 'the call-back task');
      expect(task).toMatchObject({
        title: 'Перезвонить: ТОВ «Дзвінок»',
        performerId: operator.id,
        clientId: client.json<{ id: number }>().id,
        authorId: null,
      });
    });
  });

  it("the shipped «project progress» example sets the project's progress from its tasks", async () => {
    const created = await t.admin.post('/api/v1/projects', { name: 'Внедрение', kind: 'internal' });
    expect(created.statusCode, created.body).toBe(201);
    const project = created.json<Project>();
    expect(project.progressPercent).toBeNull();
    t.services.calculations.start();
    await withExample('project_progress', async () => {
      const first = await createTask({ title: 'Первая', projectId: project.id });
      await createTask({ title: 'Вторая', projectId: project.id });
      const closed = await t.admin.post(`/api/v1/tasks/${first.id}/status`, { statusId: status.closed });
      expect(closed.statusCode, closed.body).toBe(200);
      await eventually(async () => {
        const card = (await t.admin.get(`/api/v1/projects/${project.id}`)).json<Project>();
        return card.progressPercent === 50 ? card : undefined;
      }, 'progress 50%');
    });
  });

  it('progressPercent is a field of the project: set, changed, cleared, checked', async () => {
    const res = await t.admin.post('/api/v1/projects', {
      name: 'Ремонт',
      kind: 'internal',
      progressPercent: 10,
    });
    expect(res.statusCode, res.body).toBe(201);
    const project = res.json<Project>();
    expect(project.progressPercent).toBe(10);
    const changed = await t.admin.patch(`/api/v1/projects/${project.id}`, { progressPercent: 75 });
    expect(changed.json<Project>().progressPercent).toBe(75);
    const list = await t.admin.get(`/api/v1/projects?q=${encodeURIComponent('Ремонт')}`);
    expect(list.json<{ items: Project[] }>().items.map((p) => p.progressPercent)).toEqual([75]);
    const bad = await t.admin.patch(`/api/v1/projects/${project.id}`, { progressPercent: 101 });
    expect(bad.statusCode, bad.body).toBe(400);
    expect(bad.json<ErrorBody>().error.details?.fields?.[0]?.path).toBe('progressPercent');
    const cleared = await t.admin.patch(`/api/v1/projects/${project.id}`, { progressPercent: null });
    expect(cleared.json<Project>().progressPercent).toBeNull();
  });

  it('before-save scripts of events and projects run on create and update', async () => {
    const client = await t.admin.post('/api/v1/clients', { name: 'ООО «Ромашка»' });
    expect(client.statusCode, client.body).toBe(201);
    const clientId = client.json<{ id: number }>().id;
    await withCalculations(
      [
        {
          name: 'Клиент по теме',
          docType: 'event',
          trigger: 'before_save',
          code: `if (doc.clientId === null && doc.subject.includes('Ромашка')) {
  const found = await find('clients', { name: 'ромашка' });
  if (found.length === 1) doc.clientId = found[0].id;
}
if (doc.result === '') doc.result = 'записано';`,
        },
        {
          name: 'Префикс проекта',
          docType: 'project',
          trigger: 'before_save',
          code: "if (!doc.name.startsWith('Проект: ')) doc.name = 'Проект: ' + doc.name;",
        },
      ],
      async () => {
        const event = await t.admin.post('/api/v1/events', {
          typeId: meetingType,
          subject: 'Встреча',
          startsAt: '2026-11-02T10:00:00Z',
        });
        expect(event.statusCode, event.body).toBe(201);
        const card = event.json<EventCard>();
        expect([card.clientId, card.result]).toEqual([null, 'записано']);
        const changed = await t.admin.patch(`/api/v1/events/${card.id}`, {
          subject: 'Встреча в Ромашка',
          result: '',
        });
        expect(changed.statusCode, changed.body).toBe(200);
        expect(changed.json<EventCard>()).toMatchObject({
          clientId,
          client: { id: clientId, name: 'ООО «Ромашка»' },
          result: 'записано',
        });
        const eventHistory = await history(`/api/v1/events/${card.id}`);
        expect(eventHistory.some((h) => h.field === 'clientId' && h.newValue === clientId)).toBe(true);

        const project = await t.admin.post('/api/v1/projects', { name: 'Склад', kind: 'internal' });
        expect(project.statusCode, project.body).toBe(201);
        const p = project.json<Project>();
        expect(p.name).toBe('Проект: Склад');
        const renamed = await t.admin.patch(`/api/v1/projects/${p.id}`, { name: 'Склад-2' });
        expect(renamed.json<Project>().name).toBe('Проект: Склад-2');
      },
    );
  });

  it('a status-change script of events refuses a status, and the event keeps its own', async () => {
    const event = await t.admin.post('/api/v1/events', {
      typeId: meetingType,
      subject: 'Планёрка',
      startsAt: '2026-11-03T10:00:00Z',
    });
    expect(event.statusCode, event.body).toBe(201);
    const id = event.json<EventCard>().id;
    await withCalculations(
      [
        {
          name: 'Без отмены',
          docType: 'event',
          trigger: 'status_change',
          code: "if (doc.status === 'cancelled') reject('Встречи не отменяют', 'status');",
        },
      ],
      async () => {
        const refused = await t.admin.patch(`/api/v1/events/${id}`, { status: 'cancelled' });
        expect(refused.statusCode, refused.body).toBe(422);
        expect(refused.json<ErrorBody>().error.message).toBe('Встречи не отменяют');
        expect((await t.admin.get(`/api/v1/events/${id}`)).json<EventCard>().status).toBe('planned');
        const done = await t.admin.patch(`/api/v1/events/${id}`, { status: 'done' });
        expect(done.statusCode, done.body).toBe(200);
      },
    );
  });
});
