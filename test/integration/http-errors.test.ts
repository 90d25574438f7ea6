import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireAccessDeclarations } from '../../src/server/http/access.js';
import { createTestApp, type TestApp } from '../support/app.js';

describe('one error shape, limits, OpenAPI and secrets in logs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ bodyLimit: 4096, logLevel: 'trace' });
  });
  afterAll(() => t.close());

  it('answers malformed JSON with 400 invalid_json', async () => {
    const res = await t.admin.request('POST', '/api/v1/roles', '{"code": "x", ', {
      'content-type': 'application/json',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: { code: 'invalid_json', message: expect.any(String), details: null },
    });
    expect(res.body).not.toMatch(/at \w+ \(|node_modules/);
  });

  it('answers an oversized body with 413 and a non-JSON body with 415', async () => {
    const big = await t.admin.post('/api/v1/roles', { code: 'big', name: 'x'.repeat(10_000) });
    expect(big.statusCode).toBe(413);
    expect(big.json().error).toMatchObject({
      code: 'payload_too_large',
      message: 'Запрос слишком большой (не более 4096 байт)',
    });
    const text = await t.admin.request('POST', '/api/v1/roles', 'code=x', { 'content-type': 'text/plain' });
    expect(text.statusCode).toBe(415);
    expect(text.json().error.code).toBe('unsupported_media_type');
  });

  it('rejects unknown fields and bad query/params with field-level details', async () => {
    const unknown = await t.admin.post('/api/v1/roles', { code: 'ok', name: 'Ok', isSystem: true });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details).toMatchObject({
      in: 'body',
      fields: [{ path: 'isSystem', code: 'unrecognized_keys' }],
    });
    const badParam = await t.admin.get('/api/v1/users/abc');
    expect(badParam.statusCode).toBe(400);
    expect(badParam.json().error.details).toMatchObject({ in: 'params', fields: [{ path: 'id' }] });
    const badQuery = await t.admin.get('/api/v1/users?active=maybe');
    expect(badQuery.statusCode).toBe(400);
    expect(badQuery.json().error.details.in).toBe('querystring');
  });

  it('answers unknown API routes and missing records in the same shape', async () => {
    const route = await t.admin.get('/api/v1/nothing-here?x=1');
    expect(route.statusCode).toBe(404);
    expect(route.json().error).toEqual({
      code: 'route_not_found',
      message: 'Нет такого адреса API: GET /api/v1/nothing-here',
      details: null,
    });
    const record = await t.admin.get('/api/v1/users/987654');
    expect(record.statusCode).toBe(404);
    expect(record.json().error.code).toBe('not_found');
  });

  it('tags every response with a request id, honouring one sent by a proxy', async () => {
    const res = await t.anonymous.request('GET', '/api/v1/health', undefined, {
      'x-request-id': 'proxy-123',
    });
    expect(res.headers['x-request-id']).toBe('proxy-123');
    const own = await t.anonymous.get('/api/v1/health');
    expect(own.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('publishes an OpenAPI 3.1 document covering every API route, and a browsable reference', async () => {
    const doc = (await t.anonymous.get('/api/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(
      ([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
    );
    for (const expected of [
      'POST /api/v1/auth/login',
      'GET /api/v1/me',
      'GET /api/v1/users',
      'PATCH /api/v1/users/{id}',
      'GET /api/v1/roles',
      'POST /api/v1/employees',
      'PUT /api/v1/admin/mail-servers',
      'POST /api/v1/admin/mail-servers/test',
      'GET /api/v1/health',
    ]) {
      expect(documented).toContain(expected);
    }
    const loginBody = doc.paths['/api/v1/auth/login'].post.requestBody.content['application/json'].schema;
    expect(loginBody.required).toEqual(['login', 'password']);
    expect(loginBody.additionalProperties).toBe(false);
    const employee = JSON.stringify(doc.components?.schemas?.Employee ?? doc.paths['/api/v1/employees/{id}']);
    expect(employee).toContain('hasMailboxPassword');
    expect(employee).not.toContain('mailboxPassword"');

    const docs = await t.anonymous.get('/api/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
  });

  it('refuses to register an API route that declares no access rule', async () => {
    const app = Fastify();
    requireAccessDeclarations(app);
    expect(() => app.get('/api/v1/undeclared', async () => 'open')).toThrow(/no access declaration/);
    expect(() =>
      app.get('/api/v1/declared', { config: { access: 'public' } }, async () => 'open'),
    ).not.toThrow();
    await app.close();
  });

  it('never writes a secret into a response or a log line', async () => {
    const secrets = ['Secret-Login-Pass-99', 'Secret-Mailbox-77', 'Secret-New-Pass-55'];
    await t.services.users.create({ login: 'logged', fullName: 'Logged', password: secrets[0]! });
    const login = await t.anonymous.post('/api/v1/auth/login', { login: 'logged', password: secrets[0] });
    expect(login.statusCode).toBe(200);
    const wrong = await t.anonymous.post('/api/v1/auth/login', { login: 'logged', password: secrets[2] });
    expect(wrong.statusCode).toBe(401);
    const emp = await t.admin.post('/api/v1/employees', {
      fullName: 'E',
      email: 'e@example.com',
      mailboxPassword: secrets[1],
    });
    const token = (await t.admin.post('/api/v1/me/tokens', { name: 'log test' })).json().token as string;
    await t.anonymous.request('GET', '/api/v1/me', undefined, { authorization: `Bearer ${token}` });
    const cookieValue = t.admin.cookie!.split('=')[1]!;

    const everything = [t.logs.join('\n'), login.body, wrong.body, emp.body].join('\n');
    expect(t.logs.length).toBeGreaterThan(10);
    for (const s of [...secrets, token, cookieValue, t.admin.csrfToken!]) expect(everything).not.toContain(s);
    expect(t.logs.join('\n')).toContain('/api/v1/auth/login');
  });
});
