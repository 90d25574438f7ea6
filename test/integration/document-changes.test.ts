import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import type { Webhook, WebhookDelivery } from '../../src/shared/schemas/webhooks.js';

interface Payload {
  event: string;
  actor: { id: number; name: string } | null;
  document: { type: string; id: number; number: string; title: string; statusCode: string | null };
  changedFields: string[];
}

/**
 * Every write path of the four card files reports its changes in the saving transaction
 * (document-changes). They are watched here through what reaches a webhook listening to every
 * event: its deliveries are written in the same transaction, with the change as the payload.
 */
describe('document changes', () => {
  let t: TestApp;
  let hookId: number;
  let seen = 0;
  let types: Record<string, number>;
  let statuses: Record<string, number>;
  let pbxToken: string;
  let manager: number;
  let responsible: number;

  /** The changes reported since the last call, oldest first, as `event #id [fields] by actor`. */
  const reported = async (): Promise<string[]> => {
    const items: WebhookDelivery[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.admin.get(
        `/api/v1/admin/webhooks/${hookId}/deliveries?limit=200${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json<{ items: WebhookDelivery[]; nextCursor: string | null }>();
      items.push(...page.items.filter((d) => d.id > seen));
      cursor = page.items.some((d) => d.id <= seen) ? null : page.nextCursor;
    } while (cursor);
    items.sort((a, b) => a.id - b.id);
    if (items.length) seen = items.at(-1)!.id;
    return items.map((d) => {
      const p = JSON.parse(d.payload) as Payload;
      const fields = p.changedFields.length ? ` [${[...p.changedFields].sort().join(',')}]` : '';
      return `${p.event} #${p.document.id}${fields} by ${p.actor?.name ?? 'system'}`;
    });
  };
  const ok = async (res: Promise<{ statusCode: number; body: string }>, status = 200) => {
    const r = await res;
    expect(r.statusCode, r.body).toBe(status);
    return JSON.parse(r.body) as { id: number; number: string };
  };

  beforeAll(async () => {
    t = await createTestApp();
    const hook = await t.admin.post('/api/v1/admin/webhooks', { name: 'Всё', url: 'http://127.0.0.1:9/' });
    expect(hook.statusCode).toBe(201);
    hookId = hook.json<Webhook>().id;
    const eventTypes = (await t.admin.get('/api/v1/settings/event-types')).json<
      { id: number; code: string }[]
    >();
    types = Object.fromEntries(eventTypes.map((e) => [e.code, e.id]));
    const taskStatuses = (await t.admin.get('/api/v1/settings/task-statuses')).json<
      { id: number; code: string }[]
    >();
    statuses = Object.fromEntries(taskStatuses.map((s) => [s.code, s.id]));
    pbxToken = (await t.admin.post('/api/v1/settings/telephony/pbx-token')).json<{ token: string }>().token;
    manager = (
      await t.services.users.create({ login: 'manager', fullName: 'Менеджер', password: 'manager-pass-1' })
    ).id;
    const sip = await t.admin.put(`/api/v1/settings/user-parameters/${manager}`, { sipNumber: '201' });
    expect(sip.statusCode, sip.body).toBe(200);
    responsible = (
      await t.services.users.create({ login: 'resp', fullName: 'Ответственный', password: 'resp-password-1' })
    ).id;
  });
  afterAll(() => t.close());

  it('reports creates, updates, status changes and deletes of every card file', async () => {
    const client = await ok(t.admin.post('/api/v1/clients', { name: 'ТОВ «Зміни»' }), 201);
    await ok(
      t.admin.patch(`/api/v1/clients/${client.id}`, { name: 'ТОВ «Зміни-2»', responsibleId: responsible }),
    );
    const project = await ok(
      t.admin.post('/api/v1/projects', {
        name: 'Проект',
        kind: 'external',
        clientId: client.id,
        managerId: manager,
      }),
      201,
    );
    await ok(t.admin.patch(`/api/v1/projects/${project.id}`, { participantIds: [responsible] }));
    await ok(t.admin.patch(`/api/v1/projects/${project.id}`, { status: 'active' }));
    const event = await ok(
      t.admin.post('/api/v1/events', {
        typeId: types.meeting,
        subject: 'Встреча',
        startsAt: '2031-05-01T10:00:00Z',
        projectId: project.id,
      }),
      201,
    );
    await ok(t.admin.patch(`/api/v1/events/${event.id}`, { participantIds: [manager], status: 'done' }));
    const task = await ok(
      t.admin.post('/api/v1/tasks', { title: 'Задача', projectId: project.id, performerId: manager }),
      201,
    );
    await ok(t.admin.patch(`/api/v1/tasks/${task.id}`, { deadline: '2031-06-01T12:00:00Z' }));
    await ok(t.admin.post(`/api/v1/tasks/${task.id}/status`, { statusId: statuses.in_progress }));
    await ok(t.admin.post(`/api/v1/tasks/${task.id}/checklist`, { text: 'Пункт' }), 201);
    // A comment is no webhook event (it reaches notifications and live lists).
    await ok(t.admin.post(`/api/v1/tasks/${task.id}/comments`, { body: 'Комментарий' }), 201);

    expect(await reported()).toEqual([
      `client.created #${client.id} by Администратор`,
      `client.updated #${client.id} [name,responsibleId] by Администратор`,
      `project.created #${project.id} by Администратор`,
      `project.updated #${project.id} [participantIds] by Администратор`,
      `project.status_changed #${project.id} [status] by Администратор`,
      `event.created #${event.id} by Администратор`,
      `event.status_changed #${event.id} [participantIds,status] by Администратор`,
      `event.updated #${event.id} [participantIds,status] by Администратор`,
      `task.created #${task.id} by Администратор`,
      `task.updated #${task.id} [deadline] by Администратор`,
      `task.status_changed #${task.id} [statusId] by Администратор`,
      `task.updated #${task.id} [checklist] by Администратор`,
    ]);

    // The document as the change saw it: the people it names through its project and client.
    const [snapshot] = await t.services.documentChanges.snapshots(t.ctx.database.db, 'task', [
      task.id,
      999_999,
    ]);
    expect(snapshot).toMatchObject({
      docType: 'task',
      docId: task.id,
      number: task.number,
      title: 'Задача',
      statusId: statuses.in_progress,
      statusCode: 'in_progress',
      isClosed: false,
      deadline: '2031-06-01T12:00:00.000Z',
      clientId: client.id,
      projectId: project.id,
      people: {
        performerId: manager,
        authorId: expect.any(Number) as unknown,
        controllerId: null,
        projectManagerId: manager,
        responsibleId: responsible,
        participantIds: [],
      },
    });
    const [eventSnapshot] = await t.services.documentChanges.snapshots(t.ctx.database.db, 'event', [
      event.id,
    ]);
    expect(eventSnapshot).toMatchObject({
      typeCode: 'meeting',
      statusCode: 'done',
      isClosed: true,
      startsAt: '2031-05-01T10:00:00.000Z',
      people: { participantIds: [manager], projectManagerId: manager, responsibleId: responsible },
    });
    const [projectSnapshot] = await t.services.documentChanges.snapshots(t.ctx.database.db, 'project', [
      project.id,
    ]);
    expect(projectSnapshot).toMatchObject({
      statusCode: 'active',
      people: { projectManagerId: manager, responsibleId: responsible, participantIds: [responsible] },
    });

    // A save the rules refuse reports nothing (its transaction is rolled back).
    const refused = await t.admin.patch(`/api/v1/tasks/${task.id}`, {
      deadline: '2000-01-01T00:00:00Z',
      startsAt: '2031-01-01T00:00:00Z',
    });
    expect(refused.statusCode).toBe(400);
    expect(await reported()).toEqual([]);

    await ok(t.admin.delete(`/api/v1/tasks/${task.id}`));
    await ok(t.admin.delete(`/api/v1/events/${event.id}`));
    await ok(t.admin.delete(`/api/v1/projects/${project.id}`));
    await ok(t.admin.delete(`/api/v1/clients/${client.id}`));
    // A deleted document is reported as it was.
    const deletions = await reported();
    expect(deletions).toEqual([
      `task.deleted #${task.id} by Администратор`,
      `event.deleted #${event.id} by Администратор`,
      `project.deleted #${project.id} by Администратор`,
      `client.deleted #${client.id} by Администратор`,
    ]);
    expect(await t.services.documentChanges.snapshots(t.ctx.database.db, 'task', [task.id])).toEqual([]);
  });

  it('a merge reports the target, the source and every document it moved', async () => {
    const target = await ok(t.admin.post('/api/v1/clients', { name: 'Цель' }), 201);
    const source = await ok(
      t.admin.post('/api/v1/clients', { name: 'Источник', website: 'https://example.org' }),
      201,
    );
    const project = await ok(
      t.admin.post('/api/v1/projects', { name: 'Проект источника', kind: 'external', clientId: source.id }),
      201,
    );
    const event = await ok(
      t.admin.post('/api/v1/events', {
        typeId: types.meeting,
        subject: 'Встреча источника',
        startsAt: '2031-05-01T10:00:00Z',
        clientId: source.id,
      }),
      201,
    );
    const task = await ok(
      t.admin.post('/api/v1/tasks', { title: 'Задача источника', clientId: source.id }),
      201,
    );
    await reported();

    await ok(t.admin.post(`/api/v1/clients/${target.id}/merge`, { sourceId: source.id }));
    expect((await reported()).sort()).toEqual(
      [
        `client.updated #${target.id} [website] by Администратор`,
        `client.deleted #${source.id} by Администратор`,
        `project.updated #${project.id} [clientId] by Администратор`,
        `event.updated #${event.id} [clientId] by Администратор`,
        `task.updated #${task.id} [clientId] by Администратор`,
      ].sort(),
    );
  });

  it('system paths: a call logged by the PBX, its linking, a client import', async () => {
    const finish = await t.app.inject({
      method: 'POST',
      url: '/api/v1/telephony/pbx/finish',
      headers: { authorization: `Bearer ${pbxToken}` },
      payload: {
        callId: 'changes-1',
        direction: 'in',
        externalNumber: '+380 44 555 66 77',
        sipNumber: '201',
        durationSeconds: 30,
        statusCode: 200,
      },
    });
    expect(finish.statusCode, finish.body).toBe(200);
    const eventId = finish.json<{ eventId: number }>().eventId;
    expect(await reported()).toEqual([`event.created #${eventId} by system`]);

    const client = await ok(t.admin.post('/api/v1/clients', { name: 'Позвонивший' }), 201);
    await ok(
      t.admin.post('/api/v1/telephony/unknown-numbers/link', {
        number: '+380445556677',
        clientId: client.id,
        addPhone: false,
      }),
    );
    expect(await reported()).toEqual([
      `client.created #${client.id} by Администратор`,
      `event.updated #${eventId} [clientId] by Администратор`,
    ]);

    const csv = 'Наименование;Телефон\nИмпорт Один;+380 44 111 22 33\nИмпорт Два;+380 44 111 22 44\n';
    const imported = await t.admin.post('/api/v1/clients/import', {
      fileName: 'clients.csv',
      contentBase64: Buffer.from(csv).toString('base64'),
    });
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toMatchObject({ created: 2 });
    const created = await reported();
    expect(created).toHaveLength(2);
    expect(created.every((c) => /^client\.created #\d+ by Администратор$/.test(c))).toBe(true);

    const again = await t.admin.post('/api/v1/clients/import', {
      fileName: 'clients.csv',
      contentBase64: Buffer.from(
        'Наименование;Телефон;E-mail\nИмпорт Один;+380 44 111 22 33;one@example.com\n',
      ).toString('base64'),
    });
    expect(again.json()).toMatchObject({ updated: 1 });
    expect(await reported()).toEqual([
      expect.stringMatching(/^client\.updated #\d+ \[emails\] by Администратор$/),
    ]);
  });
});
