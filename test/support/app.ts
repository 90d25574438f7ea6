import { Writable } from 'node:stream';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadConfig, type ConfigInput } from '../../src/server/config.js';
import { openContext } from '../../src/server/bootstrap.js';
import { buildApp } from '../../src/server/app.js';
import type { Services } from '../../src/server/services.js';
import type { AppContext } from '../../src/server/context.js';
import { ADMIN_ROLE } from '../../src/server/modules/auth/roles.service.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export const ADMIN_PASSWORD = 'admin-password-1';

/** A signed-in client: sends the session cookie and, on writes, the CSRF header. */
export class Client {
  constructor(
    private readonly app: FastifyInstance,
    readonly cookie: string | null,
    readonly csrfToken: string | null,
    private readonly locale = 'ru',
  ) {}

  request(
    method: InjectOptions['method'],
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    return this.app.inject({
      method,
      url,
      headers: {
        'accept-language': this.locale,
        ...(this.cookie && { cookie: this.cookie }),
        ...(this.csrfToken && method !== 'GET' && { 'x-csrf-token': this.csrfToken }),
        ...headers,
      },
      ...(body !== undefined && { payload: body as InjectOptions['payload'] }),
    });
  }
  get = (url: string) => this.request('GET', url);
  post = (url: string, body?: unknown) => this.request('POST', url, body ?? {});
  patch = (url: string, body: unknown) => this.request('PATCH', url, body);
  put = (url: string, body: unknown) => this.request('PUT', url, body);
  delete = (url: string) => this.request('DELETE', url);
}

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  ctx: AppContext;
  database: TestDatabase;
  /** Every log line the app wrote. */
  logs: string[];
  anonymous: Client;
  /** The administrator created for the test (login `admin`, password ADMIN_PASSWORD). */
  admin: Client;
  login(login: string, password: string): Promise<Client>;
  close(): Promise<void>;
}

export async function createTestApp(
  overrides: ConfigInput = {},
  opts: { jobs?: boolean } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig(
    {},
    { dataDir: database.dataDir, databaseUrl: database.databaseUrl, logLevel: 'info', ...overrides },
  );
  const ctx = await openContext(config);
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(chunk.toString());
      cb();
    },
  });
  const { app, services } = await buildApp(ctx, { logStream, jobs: opts.jobs ?? false });
  await app.ready();
  const adminRole = await services.roles.idByCode(ADMIN_ROLE);
  await services.users.create({
    login: 'admin',
    fullName: 'Администратор',
    password: ADMIN_PASSWORD,
    roleIds: [adminRole],
  });

  async function login(loginName: string, password: string): Promise<Client> {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: loginName, password },
    });
    if (res.statusCode !== 200) throw new Error(`login ${loginName} failed: ${res.statusCode} ${res.body}`);
    return new Client(app, sessionCookie(res), res.json<{ csrfToken: string }>().csrfToken);
  }

  return {
    app,
    services,
    ctx,
    database,
    logs,
    anonymous: new Client(app, null, null),
    admin: await login('admin', ADMIN_PASSWORD),
    login,
    close: async () => {
      await app.close();
      await ctx.database.close();
      await database.drop();
    },
  };
}

export function sessionCookie(res: LightMyRequestResponse): string {
  const c = res.cookies.find((x) => x.name === 'kartoteka_session');
  if (!c) throw new Error('no session cookie in the response');
  return `kartoteka_session=${c.value}`;
}
