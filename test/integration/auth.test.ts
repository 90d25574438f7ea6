import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, Client, createTestApp, sessionCookie, type TestApp } from '../support/app.js';

describe('sign-in, sessions, CSRF and API tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.services.users.create({
      login: 'olena',
      fullName: 'Олена',
      password: 'olena-password',
      locale: 'uk',
    });
  });
  afterAll(() => t.close());

  it('signs in with a httpOnly SameSite session cookie and returns the user with a CSRF token', async () => {
    const res = await t.anonymous.post('/api/v1/auth/login', { login: 'OLENA', password: 'olena-password' });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'kartoteka_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(res.json()).toMatchObject({
      login: 'olena',
      locale: 'uk',
      isAdmin: false,
      roles: [expect.objectContaining({ code: 'employee' })],
    });
    expect(res.json().csrfToken).toMatch(/^[\w-]{20,}$/);
  });

  it('answers a wrong password and an unknown login the same way, without saying which', async () => {
    const wrong = await t.anonymous.post('/api/v1/auth/login', { login: 'admin', password: 'nope-nope' });
    const unknown = await t.anonymous.post('/api/v1/auth/login', { login: 'ghost', password: 'nope-nope' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json()).toEqual({
      error: { code: 'invalid_credentials', message: 'Неверный логин или пароль', details: null },
    });
  });

  it('answers in the language of Accept-Language, and in the user’s own language once signed in', async () => {
    const en = await t.anonymous.request('GET', '/api/v1/me', undefined, {
      'accept-language': 'en-GB,en;q=0.9',
    });
    expect(en.json().error).toMatchObject({ code: 'not_authenticated', message: 'Please sign in' });
    const uk = await t.anonymous.request('GET', '/api/v1/me', undefined, { 'accept-language': 'uk-UA' });
    expect(uk.json().error.message).toBe('Потрібно увійти в систему');

    const olena = await t.login('olena', 'olena-password');
    const forbidden = await olena.request('GET', '/api/v1/users', undefined, { 'accept-language': 'en' });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error.message).toBe('Недостатньо прав');
  });

  it('refuses cookie-authenticated writes without the CSRF token', async () => {
    const olena = await t.login('olena', 'olena-password');
    const noToken = new Client(t.app, olena.cookie, null);
    const res = await noToken.patch('/api/v1/me', { locale: 'en' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf_failed');
    const wrongToken = new Client(t.app, olena.cookie, 'x'.repeat(32));
    expect((await wrongToken.patch('/api/v1/me', { locale: 'en' })).statusCode).toBe(403);
    const ok = await olena.patch('/api/v1/me', { locale: 'en' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().locale).toBe('en');
    expect((await olena.get('/api/v1/me')).json().locale).toBe('en');
    await olena.patch('/api/v1/me', { locale: 'uk' });
  });

  it('ends the session on logout', async () => {
    const c = await t.login('olena', 'olena-password');
    expect((await c.get('/api/v1/me')).statusCode).toBe(200);
    const out = await c.post('/api/v1/auth/logout');
    expect(out.statusCode).toBe(200);
    expect(out.cookies.find((x) => x.name === 'kartoteka_session')?.value).toBe('');
    expect((await c.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('throttles repeated failed logins, even when the right password finally comes', async () => {
    await t.services.users.create({ login: 'victim', fullName: 'V', password: 'victim-password' });
    for (let i = 0; i < 5; i++) {
      expect(
        (await t.anonymous.post('/api/v1/auth/login', { login: 'victim', password: `guess-${i}` }))
          .statusCode,
      ).toBe(401);
    }
    const locked = await t.anonymous.post('/api/v1/auth/login', {
      login: 'victim',
      password: 'victim-password',
    });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('too_many_attempts');
    expect(locked.json().error.details.retryAfterSeconds).toBeGreaterThan(0);
    expect(locked.headers['retry-after']).toBe(String(locked.json().error.details.retryAfterSeconds));
    // Other logins from elsewhere are not affected.
    expect((await t.login('olena', 'olena-password')).cookie).toBeTruthy();
  });

  it('authenticates with personal API tokens, stored only as a hash, without CSRF, until revoked', async () => {
    const created = await t.admin.post('/api/v1/me/tokens', { name: 'integration' });
    expect(created.statusCode).toBe(201);
    const { token, id, prefix } = created.json();
    expect(token).toMatch(/^kt_/);
    expect(token.startsWith(prefix)).toBe(true);

    const stored = await t.ctx.database.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(token);

    const bearer = { authorization: `Bearer ${token}` };
    const me = await t.anonymous.request('GET', '/api/v1/me', undefined, bearer);
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ login: 'admin', isAdmin: true, csrfToken: null });
    const write = await t.anonymous.request(
      'POST',
      '/api/v1/roles',
      { code: 'via-token', name: 'Via token' },
      bearer,
    );
    expect(write.statusCode).toBe(201);

    const list = await t.admin.get('/api/v1/me/tokens');
    expect(list.json().map((x: { name: string }) => x.name)).toContain('integration');
    expect(list.body).not.toContain(token);

    expect((await t.admin.delete(`/api/v1/me/tokens/${id}`)).statusCode).toBe(200);
    expect((await t.anonymous.request('GET', '/api/v1/me', undefined, bearer)).statusCode).toBe(401);
    expect(
      (await t.anonymous.request('GET', '/api/v1/me', undefined, { authorization: 'Bearer kt_forged' }))
        .statusCode,
    ).toBe(401);
  });

  it('changes the own password only with the current one', async () => {
    await t.services.users.create({ login: 'pavlo', fullName: 'Павло', password: 'pavlo-password' });
    const c = await t.login('pavlo', 'pavlo-password');
    const bad = await c.post('/api/v1/me/password', {
      currentPassword: 'wrong-one',
      newPassword: 'pavlo-new-password',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields).toEqual([
      { path: 'currentPassword', code: 'wrong_password', message: 'Неверный текущий пароль' },
    ]);
    const short = await c.post('/api/v1/me/password', {
      currentPassword: 'pavlo-password',
      newPassword: 'short',
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details.fields[0]).toMatchObject({
      path: 'newPassword',
      message: 'Пароль: от 8 до 256 символов',
    });
    const ok = await c.post('/api/v1/me/password', {
      currentPassword: 'pavlo-password',
      newPassword: 'pavlo-new-password',
    });
    expect(ok.statusCode).toBe(200);
    expect(
      (await t.anonymous.post('/api/v1/auth/login', { login: 'pavlo', password: 'pavlo-new-password' }))
        .statusCode,
    ).toBe(200);
  });

  it('lets a deactivated user neither sign in nor keep using an open session', async () => {
    const u = await t.services.users.create({
      login: 'leaving',
      fullName: 'Leaving',
      password: 'leaving-password',
    });
    const c = await t.login('leaving', 'leaving-password');
    expect((await t.admin.patch(`/api/v1/users/${u.id}`, { isActive: false })).statusCode).toBe(200);
    expect((await c.get('/api/v1/me')).statusCode).toBe(401);
    const again = await t.anonymous.post('/api/v1/auth/login', {
      login: 'leaving',
      password: 'leaving-password',
    });
    expect(again.statusCode).toBe(401);
  });

  it('keeps the admin session usable after all of the above', async () => {
    const res = await t.anonymous.post('/api/v1/auth/login', { login: 'admin', password: ADMIN_PASSWORD });
    expect(sessionCookie(res)).toMatch(/^kartoteka_session=/);
  });
});
