import { openSse, type SseStream } from './sse.js';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { expect } from 'vitest';
import type { Client, TestApp } from './app.js';
import type {
  BoardMessage,
  QueueDeviceWithToken,
  QueueService,
  QueueWindow,
} from '../../src/shared/schemas/queue.js';

/**
 * The electronic queue's setup through the HTTP API as the administrator (windows, queues,
 * kiosks and boards, operators in a status and at a window), and the device side: requests with a
 * device's token, a board's live stream.
 */

export async function createWindow(t: TestApp, name: string, body: Record<string, unknown> = {}) {
  const res = await t.admin.post('/api/v1/queue/windows', { name, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<QueueWindow>();
}

/** A queue named after its prefix unless names are given (priority 0, daily reset, active). */
export async function createService(
  t: TestApp,
  prefix: string,
  body: Record<string, unknown> = {},
): Promise<QueueService> {
  const res = await t.admin.post('/api/v1/queue/services', {
    nameRu: `Очередь ${prefix}`,
    nameUk: `Черга ${prefix}`,
    nameEn: `Queue ${prefix}`,
    prefix,
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<QueueService>();
}

export async function updateService(t: TestApp, id: number, body: Record<string, unknown>) {
  const res = await t.admin.patch(`/api/v1/queue/services/${id}`, body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<QueueService>();
}

export async function createDevice(
  t: TestApp,
  kind: 'kiosk' | 'board',
  body: Record<string, unknown> = {},
): Promise<QueueDeviceWithToken> {
  const res = await t.admin.post('/api/v1/queue/devices', { name: `${kind} ${Date.now()}`, kind, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<QueueDeviceWithToken>();
}

/** Requests of a kiosk or board: its token as Bearer. */
export class DeviceClient {
  constructor(
    private readonly app: FastifyInstance,
    readonly token: string,
  ) {}

  request(method: InjectOptions['method'], url: string, body?: unknown) {
    return this.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${this.token}`, 'accept-language': 'ru' },
      ...(body !== undefined && { payload: body as InjectOptions['payload'] }),
    });
  }
  get = (url: string) => this.request('GET', url);
  post = (url: string, body: unknown) => this.request('POST', url, body);
}

export function deviceClient(t: TestApp | { app: FastifyInstance }, token: string): DeviceClient {
  return new DeviceClient(t.app, token);
}

/** The ids of the user statuses by code (available: takes clients; busy, break…: do not). */
export async function statusIds(t: TestApp): Promise<Record<string, number>> {
  const res = await t.admin.get('/api/v1/settings/user-statuses');
  expect(res.statusCode, res.body).toBe(200);
  return Object.fromEntries(res.json<{ id: number; code: string }[]>().map((s) => [s.code, s.id]));
}

export interface Operator {
  id: number;
  client: Client;
}

/**
 * A user created by the administrator, signed in: with the default role («Сотрудник») unless
 * `roleIds` are given ([]: no rights at all).
 */
export async function createOperator(
  t: TestApp,
  login: string,
  fullName = login,
  roleIds?: number[],
): Promise<Operator> {
  const password = `${login}-password-1`;
  const res = await t.admin.post('/api/v1/users', { login, fullName, password, ...(roleIds && { roleIds }) });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json<{ id: number }>().id, client: await t.login(login, password) };
}

export async function setStatus(client: Client, statusId: number): Promise<void> {
  const res = await client.put('/api/v1/me/status', { statusId });
  expect(res.statusCode, res.body).toBe(200);
}

export async function sitAt(client: Client, windowId: number | null): Promise<void> {
  const res = await client.put('/api/v1/queue/operator/window', { windowId });
  expect(res.statusCode, res.body).toBe(200);
}

/** Starts listening on a free port (once) and answers the base address. */
export async function listening(app: FastifyInstance): Promise<string> {
  if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

/** A real SSE client of a board's stream: the messages received so far, in order. */
export type BoardStream = SseStream<BoardMessage>;

/**
 * Opens GET /api/v1/queue/board/stream with the token in the address (as EventSource does);
 * resolves once its first bytes (the subscription is in place) arrived, rejects on another status.
 */
export async function openBoardStream(base: string, token: string): Promise<BoardStream> {
  const stream = await openSse<BoardMessage>(
    `${base}/api/v1/queue/board/stream?token=${encodeURIComponent(token)}`,
  );
  if (stream.status !== 200) {
    stream.close();
    throw new Error(`board stream: ${stream.status}`);
  }
  return stream;
}
