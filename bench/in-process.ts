/**
 * What the benches that run the built app in their own process share: a signed-in session that
 * talks to it through Fastify's inject, and statements on the benchmark's PostgreSQL server
 * (creating and dropping their databases).
 */
import pg from 'pg';
import { DEFAULT_SERVER } from './seed/dataset.js';

export interface Injected {
  statusCode: number;
  body: string;
  json<T>(): T;
  cookies: { name: string; value: string }[];
}
export type Inject = (o: object) => Promise<unknown>;

export interface InjectSession {
  send(method: string, url: string, body?: unknown): Promise<Injected>;
}

/** Signs a user in; every request sends the session cookie and the CSRF header. */
export async function injectLogin(inject: Inject, login: string, password: string): Promise<InjectSession> {
  const res = (await inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { login, password },
  })) as Injected;
  if (res.statusCode !== 200) throw new Error(`login: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'kartoteka_session')!;
  const csrf = res.json<{ csrfToken: string }>().csrfToken;
  return {
    send: async (method, url, body) =>
      (await inject({
        method,
        url,
        ...(body !== undefined && { payload: body }),
        headers: { cookie: `kartoteka_session=${cookie.value}`, 'x-csrf-token': csrf },
      })) as Injected,
  };
}

/** Runs one statement on the benchmark's PostgreSQL server (its default database). */
export async function adminQuery(query: string): Promise<void> {
  const c = new pg.Client({ connectionString: DEFAULT_SERVER });
  await c.connect();
  try {
    await c.query(query);
  } finally {
    await c.end();
  }
}
