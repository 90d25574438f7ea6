import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Client, createTestApp, sessionCookie, type TestApp } from '../support/app.js';
import {
  createDevice,
  createOperator,
  createService,
  createWindow,
  deviceClient,
  setStatus,
  sitAt,
  statusIds,
  updateService,
  type Operator,
} from '../support/queue.js';
import { loadConfig } from '../../src/server/config.js';
import { openContext } from '../../src/server/bootstrap.js';
import { buildApp } from '../../src/server/app.js';
import type { AppContext } from '../../src/server/context.js';
import type { CallNextResult, QueueService, TakenTicket } from '../../src/shared/schemas/queue.js';

const OPERATORS = 12;

/** Another app (another process's worth: its own pool and notifier) on the test's database. */
async function openApp(
  t: TestApp,
): Promise<{ app: FastifyInstance; ctx: AppContext; close(): Promise<void> }> {
  const ctx = await openContext(
    loadConfig({}, { dataDir: t.database.dataDir, databaseUrl: t.database.databaseUrl, logLevel: 'silent' }),
  );
  const { app } = await buildApp(ctx);
  await app.ready();
  return {
    app,
    ctx,
    close: async () => {
      await app.close();
      await ctx.database.close();
    },
  };
}

async function loginAt(app: FastifyInstance, login: string): Promise<Client> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { login, password: `${login}-password-1` },
  });
  expect(res.statusCode, res.body).toBe(200);
  return new Client(app, sessionCookie(res), res.json<{ csrfToken: string }>().csrfToken);
}

/**
 * Call next under pressure: operators pressing it at the same moment never get the same ticket
 * (one process, and on PostgreSQL two processes on one database); one operator pressing twice
 * gets one ticket; a restart keeps the waiting tickets in their order.
 */
describe('queue concurrency', () => {
  let t: TestApp;
  let service: QueueService;
  let operators: Operator[];
  let issueTo: (serviceId: number, count: number) => Promise<TakenTicket[]>;
  /** The test app is replaced by a restarted one in the last test. */
  let closeApp: () => Promise<void>;

  const callNext = async (client: Client): Promise<{ status: number; ticketId: number | null }> => {
    const res = await client.post('/api/v1/queue/operator/call-next');
    return {
      status: res.statusCode,
      ticketId: res.statusCode === 200 ? (res.json<CallNextResult>().ticket?.id ?? null) : null,
    };
  };
  const release = async (client: Client, ticketId: number) => {
    const res = await client.post(`/api/v1/queue/tickets/${ticketId}/no-show`);
    expect(res.statusCode, res.body).toBe(200);
  };

  beforeAll(async () => {
    t = await createTestApp();
    closeApp = async () => {
      await t.app.close();
      await t.ctx.database.close();
    };
    const kiosk = deviceClient(t, (await createDevice(t, 'kiosk', { ticketsPerMinute: 600 })).token);
    issueTo = async (serviceId, count) => {
      const out: TakenTicket[] = [];
      for (let i = 0; i < count; i++) {
        const res = await kiosk.post('/api/v1/queue/kiosk/tickets', { serviceId });
        expect(res.statusCode, res.body).toBe(201);
        out.push(res.json<TakenTicket>());
      }
      return out;
    };
    const available = (await statusIds(t)).available!;
    operators = [];
    for (let i = 0; i < OPERATORS; i++) operators.push(await createOperator(t, `op${i}`));
    service = await createService(t, 'C', { operatorIds: operators.map((o) => o.id) });
    for (const [i, op] of operators.entries()) {
      await setStatus(op.client, available);
      await sitAt(op.client, (await createWindow(t, `Окно ${i + 1}`)).id);
    }
  });
  afterAll(async () => {
    await closeApp();
    await t.database.drop();
  });

  it(`hands each ticket to one of ${OPERATORS} operators pressing Call next at once; the rest get nobody`, async () => {
    const tickets = await issueTo(service.id, 7);
    const answers = await Promise.all(operators.map((op) => callNext(op.client)));
    expect(answers.map((a) => a.status)).toEqual(Array(OPERATORS).fill(200));
    const handed = answers.flatMap((a) => (a.ticketId === null ? [] : [a.ticketId]));
    expect(handed.sort((x, y) => x - y)).toEqual(tickets.map((x) => x.id).sort((x, y) => x - y));
    expect(answers.filter((a) => a.ticketId === null)).toHaveLength(OPERATORS - 7);
    for (const [i, a] of answers.entries()) if (a.ticketId) await release(operators[i]!.client, a.ticketId);
  });

  it('hands out every ticket exactly once while all operators keep calling', async () => {
    const tickets = await issueTo(service.id, 40);
    const seen: number[] = [];
    await Promise.all(
      operators.map(async (op) => {
        for (;;) {
          const { status, ticketId } = await callNext(op.client);
          expect(status).toBe(200);
          if (ticketId === null) return;
          seen.push(ticketId);
          await release(op.client, ticketId);
        }
      }),
    );
    expect(seen.sort((x, y) => x - y)).toEqual(tickets.map((x) => x.id).sort((x, y) => x - y));
  });

  it('gives an operator pressing twice at once one ticket; the other press finds them busy', async () => {
    await issueTo(service.id, 3);
    const op = operators[0]!;
    const answers = await Promise.all([callNext(op.client), callNext(op.client), callNext(op.client)]);
    const handed = answers.filter((a) => a.ticketId !== null);
    expect(handed).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(2);
    await release(op.client, handed[0]!.ticketId!);
    // The other two still wait for the next presses.
    const rest = await Promise.all(operators.slice(1, 4).map((o) => callNext(o.client)));
    expect(rest.filter((a) => a.ticketId !== null)).toHaveLength(2);
    for (const [i, a] of rest.entries()) if (a.ticketId) await release(operators[i + 1]!.client, a.ticketId);
  });

  it('hands each ticket out once when two processes share the database', async () => {
    if (t.database.engine === 'sqlite') {
      // SQLite's file belongs to one process: a second one cannot even open it.
      await expect(
        openContext(loadConfig({}, { dataDir: t.database.dataDir, logLevel: 'silent' })),
      ).rejects.toThrow(/already in use/);
      return;
    }
    const other = await openApp(t);
    try {
      // Half the operators work through the other process.
      const clients = await Promise.all(
        operators.map(async (op, i) => (i % 2 ? loginAt(other.app, `op${i}`) : op.client)),
      );
      const tickets = await issueTo(service.id, 30);
      const seen: number[] = [];
      await Promise.all(
        clients.map(async (client) => {
          for (;;) {
            const { status, ticketId } = await callNext(client);
            expect(status).toBe(200);
            if (ticketId === null) return;
            seen.push(ticketId);
            await release(client, ticketId);
          }
        }),
      );
      expect(seen.sort((x, y) => x - y)).toEqual(tickets.map((x) => x.id).sort((x, y) => x - y));
    } finally {
      await other.close();
    }
  });

  it('keeps every waiting ticket through a restart and calls them in order', async () => {
    const urgent = await createService(t, 'U', { priority: 3, operatorIds: [operators[0]!.id] });
    await updateService(t, service.id, { operatorIds: operators.map((o) => o.id) });
    const plain = await issueTo(service.id, 3);
    const first = await issueTo(urgent.id, 1);
    const more = await issueTo(service.id, 2);

    await closeApp();
    const restarted = await openApp(t);
    closeApp = restarted.close;
    const op = await loginAt(restarted.app, 'op0');
    const order: number[] = [];
    for (;;) {
      const { status, ticketId } = await callNext(op);
      expect(status).toBe(200);
      if (ticketId === null) break;
      order.push(ticketId);
      await release(op, ticketId);
    }
    expect(order).toEqual([...first, ...plain, ...more].map((x) => x.id));
  });
});
