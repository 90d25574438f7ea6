import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openLive, type LiveStream } from '../support/live-stream.js';
import { createTestApp, type Client, type TestApp } from '../support/app.js';

/**
 * New notifications pushed live (GET /api/v1/live, Server-Sent Events) to a real HTTP client of
 * a listening server: the recipient's streams get `notification.new` in their language, others
 * nothing; a bulk change sends one message per recipient with the count of the rest; marking
 * read tells the user's other browsers.
 */

const newOnes = (s: LiveStream) => s.messages.flatMap((m) => (m.type === 'notification.new' ? [m] : []));

describe('notifications live', () => {
  let t: TestApp;
  let base: string;
  let anna: Client;
  let boris: Client;
  let borisId: number;
  let veraId: number;
  const streams: LiveStream[] = [];

  const open = async (client: Client) => {
    const s = await openLive(base, client.cookie!);
    streams.push(s);
    return s;
  };

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    await t.services.users.create({ login: 'anna', fullName: 'Анна Автор', password: 'anna-password-1' });
    borisId = (
      await t.services.users.create({
        login: 'boris',
        fullName: 'Boris',
        password: 'boris-password-1',
        locale: 'en',
      })
    ).id;
    veraId = (await t.services.users.create({ login: 'vera', fullName: 'Вера', password: 'vera-password-1' }))
      .id;
    anna = await t.login('anna', 'anna-password-1');
    boris = await t.login('boris', 'boris-password-1');
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await t.close();
  });

  it('pushes a new notification to the recipient’s browsers only, in the recipient’s language', async () => {
    const borisStream = await open(boris);
    const borisOther = await open(await t.login('boris', 'boris-password-1'));
    const annaStream = await open(anna);
    const res = await anna.post('/api/v1/tasks', { title: 'Подготовить договор', performerId: borisId });
    expect(res.statusCode, res.body).toBe(201);
    const task = res.json<{ id: number; number: string }>();

    for (const s of [borisStream, borisOther]) {
      await vi.waitFor(() => expect(newOnes(s)).toHaveLength(1), { timeout: 10_000 });
      expect(newOnes(s)[0]).toMatchObject({
        type: 'notification.new',
        more: 0,
        notification: {
          trigger: 'task_assigned',
          docType: 'task',
          docId: task.id,
          title: `Task ${task.number}: Подготовить договор`,
          text: 'You are now the performer',
          actor: { name: 'Анна Автор' },
          readAt: null,
        },
      });
    }
    // The stored notification is the one pushed.
    const listed = (await boris.get('/api/v1/notifications')).json<{ items: { id: number }[] }>().items;
    expect(listed[0]!.id).toBe(newOnes(borisStream)[0]!.notification.id);

    // Anna saw the document change, but no notification of her own action.
    await vi.waitFor(() => expect(annaStream.messages.some((m) => m.type === 'docs.changed')).toBe(true), {
      timeout: 10_000,
    });
    expect(newOnes(annaStream)).toEqual([]);

    // Reading in one browser tells the other.
    const read = await boris.post('/api/v1/notifications/read', { all: true });
    expect(read.json()).toEqual({ unread: 0 });
    await vi.waitFor(
      () => expect(borisOther.messages.some((m) => m.type === 'notifications.read')).toBe(true),
      { timeout: 10_000 },
    );
  });

  it('sends one message per recipient for a bulk change, counting the rest', async () => {
    const statuses = (await anna.get('/api/v1/settings/task-statuses')).json<
      { id: number; code: string }[]
    >();
    const inWork = statuses.find((s) => s.code === 'in_progress')!.id;
    const ids: number[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await anna.post('/api/v1/tasks', { title: `Пакет ${i}`, performerId: veraId });
      ids.push(res.json<{ id: number }>().id);
    }
    const borisStream = await open(boris);
    const vera = await t.login('vera', 'vera-password-1');
    const veraStream = await open(vera);
    const moved = await boris.post('/api/v1/tasks/bulk-status', { ids, statusId: inWork });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ updated: 30, errors: [] });

    await vi.waitFor(() => expect(newOnes(veraStream)).toHaveLength(1), { timeout: 10_000 });
    const [message] = newOnes(veraStream);
    expect(message!.more).toBe(29);
    expect(message!.notification).toMatchObject({
      trigger: 'task_status_changed',
      text: 'Статус изменён: Новая → В работе',
      actor: { id: borisId },
    });
    expect(ids).toContain(message!.notification.docId);
    expect(newOnes(borisStream)).toEqual([]);
    const unread = (await vera.get('/api/v1/notifications/unread-count')).json<{ unread: number }>();
    expect(unread.unread).toBe(60);
  });

  it('sends one message per recipient for a bulk change of several chunks', async () => {
    const statuses = (await t.admin.get('/api/v1/settings/task-statuses')).json<
      { id: number; code: string }[]
    >();
    const journals = (await t.admin.get('/api/v1/settings/journals')).json<{ id: number; code: string }[]>();
    // Made straight in the table: 700 saves through the API would take long.
    const now = new Date().toISOString();
    const made = await t.ctx.database.db
      .insertInto('tasks')
      .values(
        Array.from({ length: 700 }, (_, k) => ({
          number: `Б-${k}`,
          title: `Большой пакет ${k}`,
          status_id: statuses.find((s) => s.code === 'new')!.id,
          journal_id: journals.find((j) => j.code === 'tasks')!.id,
          author_id: null,
          performer_id: veraId,
          created_at: now,
          updated_at: now,
        })),
      )
      .returning('id')
      .execute();
    const ids = made.map((r) => r.id);
    const vera = await t.login('vera', 'vera-password-1');
    const unread = async () =>
      (await vera.get('/api/v1/notifications/unread-count')).json<{ unread: number }>().unread;
    const before = await unread();
    const veraStream = await open(vera);
    const moved = await boris.post('/api/v1/tasks/bulk-status', {
      ids,
      statusId: statuses.find((s) => s.code === 'in_progress')!.id,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ updated: 700, errors: [] });
    expect(await unread()).toBe(before + 700);

    // Marking read is told after the change: once that is in, all the change sent is in too.
    expect((await vera.post('/api/v1/notifications/read', { all: true })).statusCode).toBe(200);
    await vi.waitFor(
      () => expect(veraStream.messages.some((m) => m.type === 'notifications.read')).toBe(true),
      { timeout: 10_000 },
    );
    const news = newOnes(veraStream);
    expect(news).toHaveLength(1);
    expect(news[0]!.more).toBe(699);
    expect(news[0]!.notification).toMatchObject({ trigger: 'task_status_changed', actor: { id: borisId } });
    const newest = (await vera.get('/api/v1/notifications?limit=1')).json<{ items: { id: number }[] }>();
    expect(news[0]!.notification.id).toBe(newest.items[0]!.id);
  });
});
