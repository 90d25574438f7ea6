import { expect } from 'vitest';
import { request, type APIRequestContext } from 'playwright-core';
import { ADMIN } from './e2e-browser.js';

/** The administrator's API session: the cookie it signs in with, the CSRF token every write sends. */
export interface AdminApi {
  ctx: APIRequestContext;
  post<T>(path: string, body?: unknown): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
  get<T>(path: string): Promise<T>;
}

export async function adminApi(baseURL: string): Promise<AdminApi> {
  const ctx = await request.newContext({ baseURL });
  const login = await ctx.post('/api/v1/auth/login', {
    data: { login: ADMIN.login, password: ADMIN.password },
  });
  expect(login.status()).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const send = async <T>(
    method: 'post' | 'put' | 'patch' | 'get',
    path: string,
    body?: unknown,
  ): Promise<T> => {
    const res = await ctx[method](path, {
      ...(body !== undefined && { data: body }),
      headers: { 'X-CSRF-Token': csrfToken },
    });
    if (!res.ok()) throw new Error(`${method.toUpperCase()} ${path}: ${res.status()} ${await res.text()}`);
    return (await res.json()) as T;
  };
  return {
    ctx,
    post: (path, body) => send('post', path, body),
    put: (path, body) => send('put', path, body),
    patch: (path, body) => send('patch', path, body),
    get: (path) => send('get', path),
  };
}
