import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
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
 * timer; PostgreSQL: pg-boss), after a restart on the same database, once only with two
 * processes on one PostgreSQL database, and while pg-boss cannot start.
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

describe('reminders while pg-boss cannot start', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t?.services.reminders.stop();
    await t?.close();
  });

  it('polls meanwhile, frees what it started, tries again until it runs; stop leaves nothing open', async () => {
    const borisId = await prepare(t);
    const boris = await t.login('boris', 'boris-password-1');
    const due = await createTask(t.admin, borisId, Date.now() - MINUTE, 'Просрочена до запуска');
    if (t.database.engine === 'sqlite') {
      // No pg-boss: the job stops, starts again and fires as before.
      t.services.reminders.start();
      await t.services.reminders.stop();
      t.services.reminders.start();
      const soon = await createTask(t.admin, borisId, Date.now() + 3_000, 'Срок через три секунды');
      await vi.waitFor(async () => {
        const got = await remindersOf(boris);
        expect([triggers(got.get(due)), triggers(got.get(soon))]).toEqual([
          ['task_overdue'],
          ['task_deadline_soon', 'task_overdue'],
        ]);
      }, WAIT);
      return;
    }
    const db = t.ctx.database.db;
    const failures = () => t.logs.filter((l) => l.includes('pg-boss did not start')).length;
    // The connections of the job's pg-boss (its pool names them).
    const connections = async () =>
      (
        await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
          where datname = current_database() and application_name = 'kartoteka kartoteka-reminders'`.execute(
          db,
        )
      ).rows[0]!.n;
    /**
     * After stop: the connections go, and none comes back for longer than pg-boss polls (5 s), as
     * one would for a pg-boss left running (a failed query closes its connection, the next opens one).
     */
    const allClosed = async () => {
      await vi.waitFor(async () => expect(await connections()).toBe(0), WAIT);
      const seen: number[] = [];
      for (const until = Date.now() + 7_000; Date.now() < until;) {
        seen.push(await connections());
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(Math.max(...seen)).toBe(0);
    };
    // pg-boss finds its version table, current, and none of its other tables: it starts, then
    // creating the job's queue fails, with its workers and timers already running.
    const { schema } = createRequire(import.meta.url)('pg-boss/version.json') as { schema: number };
    await sql`create schema pgboss`.execute(db);
    await sql`create table pgboss.version (version int primary key, maintained_on timestamptz,
      cron_on timestamptz, monitored_on timestamptz)`.execute(db);
    await sql`insert into pgboss.version (version) values (${schema})`.execute(db);

    t.services.reminders.start();
    await vi.waitFor(() => expect(failures()).toBe(1), WAIT);
    // Polling stands in: what is due goes.
    await vi.waitFor(async () => {
      expect(triggers((await remindersOf(boris)).get(due))).toEqual(['task_overdue']);
    }, WAIT);
    // Stopped with a new attempt pending: the failed pg-boss has let go of its connections, and
    // no attempt opens new ones.
    await t.services.reminders.stop();
    await allClosed();

    t.services.reminders.start();
    await vi.waitFor(() => expect(failures()).toBe(2), WAIT);
    // Mended: the next attempt starts pg-boss, which fires the next reminders on time.
    await sql`drop schema pgboss cascade`.execute(db);
    await vi.waitFor(async () => {
      const queues = await sql<{ name: string }>`select name from pgboss.queue`.execute(db);
      expect(queues.rows.map((q) => q.name)).toContain('kartoteka-reminders');
    }, WAIT);
    const soon = await createTask(t.admin, borisId, Date.now() + 3_000, 'Срок через три секунды');
    await vi.waitFor(async () => {
      expect(triggers((await remindersOf(boris)).get(soon))).toEqual(['task_deadline_soon', 'task_overdue']);
    }, WAIT);
    expect(failures()).toBe(2);
    expect(await connections()).toBeGreaterThan(0);
    await t.services.reminders.stop();
    await allClosed();
  }, 240_000);
});
