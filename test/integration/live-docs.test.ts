import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openLive, type LiveStream } from '../support/live-stream.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { childJournal, grantAccess, rightlessUser } from '../support/access.js';
import type { LiveMessage } from '../../src/shared/schemas/live.js';
import type { Task } from '../../src/shared/schemas/tasks.js';

type DocsChanged = Extract<LiveMessage, { type: 'docs.changed' }>;

/** The `docs.changed` messages of a stream, as `action:docType:ids`. */
const changes = (s: LiveStream) =>
  s.messages
    .filter((m): m is DocsChanged => m.type === 'docs.changed')
    .map((m) => `${m.action}:${m.docType}:${m.ids.join(',')}`);

/**
 * Live list and card updates: a change of a document reaches every open stream whose user may
 * read it — with only the ids that user may read.
 */
describe('live document updates', () => {
  let t: TestApp;
  let base: string;
  let sales: number;
  let vera: { id: number; cookie: string };
  let boris: { id: number; cookie: string };

  const createTask = async (body: Record<string, unknown>): Promise<Task> => {
    const res = await t.admin.post('/api/v1/tasks', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Task>();
  };

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const journals = (await t.admin.get('/api/v1/settings/journals')).json<{ id: number; code: string }[]>();
    sales = await childJournal(t, 'live_sales', journals.find((j) => j.code === 'tasks')!.id);
    // Vera reads every task of «live_sales»; Boris has no rights (he sees tasks naming him only).
    const v = await rightlessUser(t, 'vera', 'Вера');
    await grantAccess(t, v.id, {
      permissions: { tasks: { read: 'all' } },
      journals: [{ journalId: sales, mode: 'read' }],
    });
    vera = { id: v.id, cookie: v.client.cookie! };
    const b = await rightlessUser(t, 'boris', 'Борис');
    boris = { id: b.id, cookie: b.client.cookie! };
  });
  afterAll(() => t.close());

  it('sends a change only to the users who may read the document', async () => {
    const veraStream = await openLive(base, vera.cookie);
    const borisStream = await openLive(base, boris.cookie);
    const adminStream = await openLive(base, t.admin.cookie!);
    try {
      const inSales = await createTask({ title: 'Продажи: счёт', journalId: sales });
      await vi.waitFor(() => expect(changes(veraStream)).toEqual([`created:task:${inSales.id}`]));

      const forBoris = await createTask({ title: 'Борису', performerId: boris.id });
      await vi.waitFor(() => expect(changes(borisStream)).toEqual([`created:task:${forBoris.id}`]));
      // Boris's message came after Vera's would have: he never got hers, she never gets his.
      await vi.waitFor(() =>
        expect(changes(adminStream)).toEqual([`created:task:${inSales.id}`, `created:task:${forBoris.id}`]),
      );
      expect(changes(veraStream)).toEqual([`created:task:${inSales.id}`]);

      // A change of a readable task reaches its reader; a comment refreshes like an update.
      expect((await t.admin.patch(`/api/v1/tasks/${inSales.id}`, { priority: 'high' })).statusCode).toBe(200);
      expect(
        (await t.admin.post(`/api/v1/tasks/${inSales.id}/comments`, { body: 'Готово?' })).statusCode,
      ).toBe(201);
      await vi.waitFor(() =>
        expect(changes(veraStream)).toEqual([
          `created:task:${inSales.id}`,
          `updated:task:${inSales.id}`,
          `updated:task:${inSales.id}`,
        ]),
      );

      // A deleted document cannot be checked any more: everyone is told that tasks were deleted,
      // without the ids (Vera never learns the id of Boris's task).
      expect((await t.admin.delete(`/api/v1/tasks/${forBoris.id}`)).statusCode).toBe(200);
      await vi.waitFor(() => expect(changes(veraStream).at(-1)).toBe('deleted:task:'));
      await vi.waitFor(() => expect(changes(borisStream).at(-1)).toBe('deleted:task:'));
      await vi.waitFor(() => expect(changes(adminStream).at(-1)).toBe('deleted:task:'));
      expect(changes(borisStream)).toEqual([`created:task:${forBoris.id}`, 'deleted:task:']);
      expect(veraStream.messages.some((m) => JSON.stringify(m).includes(String(forBoris.id)))).toBe(false);
    } finally {
      veraStream.close();
      borisStream.close();
      adminStream.close();
    }
    await vi.waitFor(() => expect(t.services.live.listenerCount()).toBe(0));
  });

  it("reaches every stream of a user, the user's rights checked once for all of them", async () => {
    const first = await openLive(base, vera.cookie);
    const second = await openLive(base, vera.cookie);
    const readableIds = vi.spyOn(t.services.access, 'readableIds');
    try {
      const task = await createTask({ title: 'Продажи: два окна', journalId: sales });
      await vi.waitFor(() => expect(changes(first)).toEqual([`created:task:${task.id}`]));
      await vi.waitFor(() => expect(changes(second)).toEqual([`created:task:${task.id}`]));
      const forVera = readableIds.mock.calls.filter(([viewer]) => viewer.userId === vera.id);
      expect(forVera).toHaveLength(1);
    } finally {
      readableIds.mockRestore();
      first.close();
      second.close();
    }
  });

  it('tells nobody of a change whose transaction rolled back', async () => {
    const from = await t.admin.post('/api/v1/clients', { name: 'ТОВ «Було»' });
    const to = await t.admin.post('/api/v1/clients', { name: 'ТОВ «Стало»' });
    expect(from.statusCode, from.body).toBe(201);
    expect(to.statusCode, to.body).toBe(201);
    const fromId = from.json<{ id: number }>().id;
    const task = await createTask({ title: 'Клиента переносят', clientId: fromId });
    const stream = await openLive(base, t.admin.cookie!);
    try {
      // A save that moves the task (and reports it) and fails at a later step.
      const save = t.ctx.database.db.transaction().execute(async (trx) => {
        await t.services.tasks.reassignClient(trx, fromId, to.json<{ id: number }>().id, null);
        throw new Error('a later step of the save failed');
      });
      await expect(save).rejects.toThrow('a later step of the save failed');
      expect((await t.admin.get(`/api/v1/tasks/${task.id}`)).json<Task>().clientId).toBe(fromId);

      // A committed change goes out, after the one rolled back would have: it is the only one.
      expect((await t.admin.patch(`/api/v1/tasks/${task.id}`, { priority: 'high' })).statusCode).toBe(200);
      const updated = () => changes(stream).filter((c) => c === `updated:task:${task.id}`);
      await vi.waitFor(() => expect(updated()).not.toEqual([]));
      expect(updated()).toEqual([`updated:task:${task.id}`]);
    } finally {
      stream.close();
    }
  });

  it('a batch of changes arrives as one message, each reader getting only their ids', async () => {
    const mine = await createTask({ title: 'Моя', performerId: boris.id });
    const hers = await createTask({ title: 'Её', journalId: sales });
    const nobodys = await createTask({ title: 'Ничья' });
    const statuses = (await t.admin.get('/api/v1/settings/task-statuses')).json<
      { id: number; code: string }[]
    >();
    const veraStream = await openLive(base, vera.cookie);
    const borisStream = await openLive(base, boris.cookie);
    try {
      const res = await t.admin.post('/api/v1/tasks/bulk-status', {
        ids: [mine.id, hers.id, nobodys.id],
        statusId: statuses.find((s) => s.code === 'in_progress')!.id,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ updated: 3, errors: [] });
      await vi.waitFor(() => expect(changes(veraStream)).toEqual([`updated:task:${hers.id}`]));
      await vi.waitFor(() => expect(changes(borisStream)).toEqual([`updated:task:${mine.id}`]));

      // Rights given later are followed (after the stream's short cache of them).
      await grantAccess(t, boris.id, {
        permissions: { tasks: { read: 'all' } },
        journals: [{ journalId: sales, mode: 'read' }],
      });
      let n = 0;
      await vi.waitFor(
        async () => {
          const res = await t.admin.patch(`/api/v1/tasks/${hers.id}`, { title: `Её ${++n}` });
          expect(res.statusCode).toBe(200);
          expect(changes(borisStream)).toContain(`updated:task:${hers.id}`);
        },
        { timeout: 20_000, interval: 1_000 },
      );
    } finally {
      veraStream.close();
      borisStream.close();
    }
  });
});
