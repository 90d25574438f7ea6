import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/server/config.js';
import { openContext } from '../../src/server/bootstrap.js';
import { buildApp } from '../../src/server/app.js';
import type { Services } from '../../src/server/services.js';
import type { AppContext } from '../../src/server/context.js';
import { ADMIN_PASSWORD, Client, createTestApp, sessionCookie, type TestApp } from '../support/app.js';
import type { TestDatabase } from '../support/database.js';
import type { Notification, NotificationPage } from '../../src/shared/schemas/notifications.js';

/**
 * Reminders as the running job fires them, with real time: on time (SQLite: the in-process
 * timer; PostgreSQL: pg-boss), after a restart on the same database, and once only with two
 * processes on one PostgreSQL database.
 */

const MINUTE = 60_000;
/** Generous: the job wakes within seconds; a loaded machine may take longer. */
const WAIT = { timeout: 45_000, interval: 250 };

interface Instance {
  app: FastifyInstance;
  services: Services;
  ctx: AppContext;
  close(): Promise<void>;
}

/** Another app on the same database: a second process, or the same one after a restart. */
async function openInstance(database: TestDatabase): Promise<Instance> {
  const config = loadConfig(
    {},
    { dataDir: database.dataDir, databaseUrl: database.databaseUrl, logLevel: 'silent' },
  );
  const ctx = await openContext(config);
  const { app, services } = await buildApp(ctx);
  await app.ready();
  return {
    app,
    services,
    ctx,
    close: async () => {
      await services.reminders.stop();
      await app.close();
      await ctx.database.close();
    },
  };
}

async function signIn(app: FastifyInstance, login: string, password: string): Promise<Client> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login, password } });
  expect(res.statusCode, res.body).toBe(200);
  return new Client(app, sessionCookie(res), res.json<{ csrfToken: string }>().csrfToken);
}

const rule = (trigger: string, leadMinutes: number | null) => ({
  trigger,
  isEnabled: true,
  recipients: ['performer', 'author'],
  inApp: true,
  email: false,
  isMandatory: false,
  leadMinutes,
  statusIds: [],
  userIds: [],
});

/** A user (the performer), the rules of both task reminders (lead: one minute). */
async function prepare(t: TestApp): Promise<number> {
  const user = await t.admin.post('/api/v1/users', {
    login: 'boris',
    fullName: 'Борис Исполнитель',
    password: 'boris-password-1',
  });
  expect(user.statusCode, user.body).toBe(201);
  const rules = await t.admin.put('/api/v1/settings/notifications', {
    rules: [rule('task_deadline_soon', 1), rule('task_overdue', null)],
  });
  expect(rules.statusCode, rules.body).toBe(200);
  return user.json<{ id: number }>().id;
}

async function createTask(c: Client, performerId: number, deadline: number, title: string): Promise<number> {
  const res = await c.post('/api/v1/tasks', {
    title,
    performerId,
    deadline: new Date(deadline).toISOString(),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: number }>().id;
}

/** The user's reminders, per task: how many of each trigger. */
async function remindersOf(c: Client): Promise<Map<number, Notification[]>> {
  const res = await c.get('/api/v1/notifications?limit=500');
  expect(res.statusCode, res.body).toBe(200);
  const byTask = new Map<number, Notification[]>();
  for (const n of res.json<NotificationPage>().items) {
    if (n.trigger !== 'task_deadline_soon' && n.trigger !== 'task_overdue') continue;
    byTask.set(n.docId, [...(byTask.get(n.docId) ?? []), n]);
  }
  return byTask;
}

const triggers = (list: Notification[] | undefined) => (list ?? []).map((n) => n.trigger).sort();

describe('reminders fired by the running job', () => {
  let t: TestApp;
  let borisId: number;
  let boris: Client;

  beforeAll(async () => {
    t = await createTestApp();
    borisId = await prepare(t);
    boris = await t.login('boris', 'boris-password-1');
  });

  afterAll(async () => {
    await t?.services.reminders.stop();
    await t?.close();
  });

  it('fires on time: «deadline soon» at once (its time passed), «overdue» at the deadline', async () => {
    t.services.reminders.start();
    const deadline = Date.now() + 4_000;
    const id = await createTask(t.admin, borisId, deadline, 'Срок через четыре секунды');
    await vi.waitFor(async () => {
      expect(triggers((await remindersOf(boris)).get(id))).toEqual(['task_deadline_soon', 'task_overdue']);
    }, WAIT);
    const overdue = (await remindersOf(boris)).get(id)!.find((n) => n.trigger === 'task_overdue')!;
    expect(Date.parse(overdue.createdAt)).toBeGreaterThanOrEqual(deadline);
    expect(triggers((await remindersOf(t.admin)).get(id))).toEqual(['task_deadline_soon', 'task_overdue']);
  });

  it('two processes on one PostgreSQL database fire each reminder once', async () => {
    // SQLite's file belongs to one process: a second one cannot even open it.
    if (t.database.engine === 'sqlite') {
      await expect(openInstance(t.database)).rejects.toThrow(/already in use/);
      return;
    }
    const other = await openInstance(t.database);
    try {
      other.services.reminders.start();
      const otherAdmin = await signIn(other.app, 'admin', ADMIN_PASSWORD);
      const ids: number[] = [];
      // Due at once and soon, saved through both processes (each sends its own pg-boss jobs).
      for (let i = 0; i < 6; i++) {
        const via = i % 2 ? otherAdmin : t.admin;
        ids.push(await createTask(via, borisId, Date.now() - MINUTE, `Просрочена ${i}`));
        ids.push(await createTask(via, borisId, Date.now() + 3_000 + i * 500, `Скоро срок ${i}`));
      }
      // Both processes also sweep at the same moment, racing the jobs.
      await Promise.all([t.services.reminders.runDue(), other.services.reminders.runDue()]);
      const expected = (i: number) => (i % 2 ? ['task_deadline_soon', 'task_overdue'] : ['task_overdue']);
      await vi.waitFor(async () => {
        const got = await remindersOf(boris);
        expect(ids.map((id) => triggers(got.get(id)))).toEqual(ids.map((_, i) => expected(i)));
      }, WAIT);
      await Promise.all([t.services.reminders.runDue(), other.services.reminders.runDue()]);
      for (const c of [boris, t.admin]) {
        const got = await remindersOf(c);
        expect(ids.map((id) => triggers(got.get(id)))).toEqual(ids.map((_, i) => expected(i)));
      }
    } finally {
      await other.close();
    }
  });
});

describe('reminders across a restart', () => {
  let t: TestApp;
  let restarted: Instance | null = null;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    if (restarted) {
      await restarted.close();
      await t.database.drop();
    } else await t?.close();
  });

  it('the schedule survives: what fell due while down fires on start, the rest at its time', async () => {
    const borisId = await prepare(t);
    const soon = Date.now() + 2_000;
    const later = Date.now() + 2 * MINUTE;
    // No job runs in this process: nothing fires before the restart.
    const whileDown = await createTask(t.admin, borisId, soon, 'Срок наступит, пока сервер стоит');
    const afterwards = await createTask(t.admin, borisId, later, 'Срок через две минуты');
    await t.app.close();
    await t.ctx.database.close();
    await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(soon), WAIT);

    restarted = await openInstance(t.database);
    restarted.services.reminders.start();
    const boris = await signIn(restarted.app, 'boris', 'boris-password-1');
    // «Deadline soon» after the deadline is no news: only «overdue» is sent.
    await vi.waitFor(async () => {
      expect(triggers((await remindersOf(boris)).get(whileDown))).toEqual(['task_overdue']);
    }, WAIT);

    expect(await restarted.services.reminders.runDue(new Date(later - MINUTE + 1000))).toBe(1);
    expect(await restarted.services.reminders.runDue(new Date(later - MINUTE + 2000))).toBe(0);
    const got = await remindersOf(boris);
    expect(triggers(got.get(afterwards))).toEqual(['task_deadline_soon']);
    expect(triggers(got.get(whileDown))).toEqual(['task_overdue']);
  });
});
