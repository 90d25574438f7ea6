import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { startDovecot, startSmtpServer, type DovecotPeer, type SmtpPeer } from '../support/mail-peers.js';

/**
 * Администратор → Предприятия → Рассылка, through the HTTP API only, against real servers:
 * an in-process SMTP server (smtp-server) and Dovecot IMAP on free 127.0.0.1 ports.
 */

const EMAIL = 'ivanova@example.com';
const PASSWORD = 'Mbx-Pa55-q7Zr!x'; // the right mailbox password
const WRONG_PASSWORD = 'Wrong-Mbx-8vTe?k'; // another employee's, for the same mailbox
const USERS = { [EMAIL]: PASSWORD };

type Security = 'none' | 'starttls' | 'tls';
interface Endpoint {
  host: string | null;
  port: number | null;
  security: Security;
}
interface TestResult {
  ok: boolean;
  protocol: 'smtp' | 'imap';
  server: string;
  loggedInAs: string | null;
  response: string;
  durationMs: number;
}

describe('admin mail servers', () => {
  let t: TestApp;
  let smtpPlain: SmtpPeer;
  let smtpStarttls: SmtpPeer;
  let smtpTls: SmtpPeer;
  let dovecot: DovecotPeer;
  let goodEmployee: number;
  let wrongEmployee: number;
  let incompleteEmployee: number;
  /** Every response body the API sent in this file, for the leak check at the end. */
  const bodies: string[] = [];

  const record = <R extends { body: string }>(res: R): R => {
    bodies.push(res.body);
    return res;
  };
  const get = async (url: string) => record(await t.admin.get(url));
  const put = async (url: string, body: unknown) => record(await t.admin.put(url, body));
  const post = async (url: string, body: unknown) => record(await t.admin.post(url, body));

  const configure = async (config: { smtp?: Endpoint; imap?: Endpoint; allowSelfSigned: boolean }) => {
    const res = await put('/api/v1/admin/mail-servers', {
      smtp: config.smtp ?? { host: null, port: null, security: 'starttls' },
      imap: config.imap ?? { host: null, port: null, security: 'tls' },
      allowSelfSigned: config.allowSelfSigned,
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  const check = async (protocol: 'smtp' | 'imap', employeeId: number | null): Promise<TestResult> => {
    const res = await post('/api/v1/admin/mail-servers/test', { protocol, employeeId });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<TestResult>();
  };
  const smtpAt = (peer: SmtpPeer): Endpoint => ({
    host: peer.host,
    port: peer.port,
    security: peer.security,
  });

  beforeAll(async () => {
    t = await createTestApp();
    [smtpPlain, smtpStarttls, smtpTls, dovecot] = await Promise.all([
      startSmtpServer({ users: USERS, tls: 'none' }),
      startSmtpServer({ users: USERS, tls: 'starttls' }),
      startSmtpServer({ users: USERS, tls: 'tls' }),
      startDovecot({ users: USERS }),
    ]);
    const create = async (body: Record<string, unknown>) => {
      const res = await post('/api/v1/employees', body);
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ id: number }>().id;
    };
    goodEmployee = await create({ fullName: 'Иванова Мария', email: EMAIL, mailboxPassword: PASSWORD });
    wrongEmployee = await create({ fullName: 'Петров Пётр', email: EMAIL, mailboxPassword: WRONG_PASSWORD });
    incompleteEmployee = await create({ fullName: 'Сидоров Иван', email: 'sidorov@example.com' });
  });

  afterAll(async () => {
    await Promise.all([smtpPlain?.close(), smtpStarttls?.close(), smtpTls?.close(), dovecot?.close()]);
    await t?.close();
  });

  describe('settings', () => {
    it('returns the defaults: nothing configured, STARTTLS for SMTP, TLS for IMAP', async () => {
      const res = await get('/api/v1/admin/mail-servers');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        smtp: { host: null, port: null, security: 'starttls' },
        imap: { host: null, port: null, security: 'tls' },
        allowSelfSigned: false,
        updatedAt: expect.any(String),
      });
    });

    it('is for the administrator only', async () => {
      expect((await t.anonymous.get('/api/v1/admin/mail-servers')).statusCode).toBe(401);
    });

    it.each([
      [
        'a bad host',
        { smtp: { host: 'mail server!', port: 25, security: 'none' } },
        'smtp.host',
        'invalid_format',
      ],
      ['port 0', { smtp: { host: 'mail.example.com', port: 0, security: 'none' } }, 'smtp.port', 'too_small'],
      [
        'a port above 65535',
        { imap: { host: 'mail.example.com', port: 65536, security: 'tls' } },
        'imap.port',
        'too_big',
      ],
      [
        'an unknown security',
        { imap: { host: 'mail.example.com', port: 993, security: 'ssl' } },
        'imap.security',
        'invalid_value',
      ],
      [
        'a non-integer port',
        { smtp: { host: 'mail.example.com', port: 25.5, security: 'none' } },
        'smtp.port',
        'invalid_type',
      ],
    ])('refuses %s with a field-level error', async (_name, change, path, code) => {
      const body = {
        smtp: { host: 'smtp.example.com', port: 587, security: 'starttls' },
        imap: { host: 'imap.example.com', port: 993, security: 'tls' },
        allowSelfSigned: false,
        ...change,
      };
      const res = await put('/api/v1/admin/mail-servers', body);
      expect(res.statusCode, res.body).toBe(400);
      const error = res.json<{
        error: { code: string; details: { fields: { path: string; code: string }[] } };
      }>().error;
      expect(error.code).toBe('validation_failed');
      expect(error.details.fields).toEqual([expect.objectContaining({ path, code })]);
    });

    it('refuses unknown fields', async () => {
      const valid = {
        smtp: { host: 'smtp.example.com', port: 587, security: 'starttls' },
        imap: { host: 'imap.example.com', port: 993, security: 'tls' },
        allowSelfSigned: false,
      };
      const nested = await put('/api/v1/admin/mail-servers', {
        ...valid,
        smtp: { ...valid.smtp, user: 'x' },
      });
      expect(nested.statusCode, nested.body).toBe(400);
      expect(nested.json().error.details.fields).toEqual([
        expect.objectContaining({
          path: 'smtp.user',
          code: 'unrecognized_keys',
        }),
      ]);
      const top = await put('/api/v1/admin/mail-servers', { ...valid, password: 'x' });
      expect(top.statusCode, top.body).toBe(400);
      expect(top.json().error.details.fields).toEqual([
        expect.objectContaining({ path: 'password', code: 'unrecognized_keys' }),
      ]);
    });

    it('stored nothing from the refused requests', async () => {
      const res = await get('/api/v1/admin/mail-servers');
      expect(res.json()).toMatchObject({
        smtp: { host: null, port: null },
        imap: { host: null, port: null },
      });
    });

    it('says the server is not configured when there is no host', async () => {
      for (const protocol of ['smtp', 'imap']) {
        const res = await post('/api/v1/admin/mail-servers/test', { protocol, employeeId: null });
        expect(res.statusCode, res.body).toBe(409);
        expect(res.json().error.code).toBe('mail_server_not_configured');
      }
    });

    it('saves valid settings, trimming the host', async () => {
      const res = await put('/api/v1/admin/mail-servers', {
        smtp: { host: '  smtp.example.com ', port: 465, security: 'tls' },
        imap: { host: 'imap.example.com', port: null, security: 'starttls' },
        allowSelfSigned: true,
      });
      expect(res.statusCode, res.body).toBe(200);
      const expected = {
        smtp: { host: 'smtp.example.com', port: 465, security: 'tls' },
        imap: { host: 'imap.example.com', port: null, security: 'starttls' },
        allowSelfSigned: true,
      };
      expect(res.json()).toMatchObject(expected);
      expect((await get('/api/v1/admin/mail-servers')).json()).toMatchObject(expected);
    });

    it('treats a cleared host field as not set', async () => {
      const res = await put('/api/v1/admin/mail-servers', {
        smtp: { host: '  ', port: null, security: 'tls' },
        imap: { host: 'imap.example.com', port: null, security: 'starttls' },
        allowSelfSigned: true,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().smtp.host).toBeNull();
      const test = await post('/api/v1/admin/mail-servers/test', { protocol: 'smtp', employeeId: null });
      expect(test.json().error.code).toBe('mail_server_not_configured');
    });
  });

  describe('employee checks', () => {
    beforeAll(() => configure({ smtp: smtpAt(smtpPlain), allowSelfSigned: false }));

    it('refuses an employee without a mailbox password', async () => {
      const res = await post('/api/v1/admin/mail-servers/test', {
        protocol: 'smtp',
        employeeId: incompleteEmployee,
      });
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().error.code).toBe('employee_mailbox_incomplete');
    });

    it('refuses an unknown employee', async () => {
      const res = await post('/api/v1/admin/mail-servers/test', { protocol: 'smtp', employeeId: 999_999 });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.code).toBe('employee_not_found');
    });
  });

  describe('SMTP', () => {
    it('connects without logging in and returns the 220 greeting', async () => {
      await configure({ smtp: smtpAt(smtpPlain), allowSelfSigned: false });
      const before = smtpPlain.authAttempts.length;
      const r = await check('smtp', null);
      expect(r).toMatchObject({
        ok: true,
        protocol: 'smtp',
        loggedInAs: null,
        server: `127.0.0.1:${smtpPlain.port} (none)`,
      });
      expect(r.response).toMatch(/^220 localhost ESMTP Kartoteka test SMTP server/m);
      expect(smtpPlain.authAttempts.length).toBe(before);
    });

    it("logs in with the employee's e-mail and mailbox password", async () => {
      await configure({ smtp: smtpAt(smtpPlain), allowSelfSigned: false });
      const r = await check('smtp', goodEmployee);
      expect(r).toMatchObject({ ok: true, loggedInAs: EMAIL });
      expect(r.response).toMatch(/^220 /m);
      expect(r.response).toMatch(/^235 /m);
      expect(smtpPlain.authAttempts.at(-1)).toEqual({ username: EMAIL, ok: true });
    });

    it("returns the server's 535 reply for a wrong password", async () => {
      await configure({ smtp: smtpAt(smtpPlain), allowSelfSigned: false });
      const r = await check('smtp', wrongEmployee);
      expect(r).toMatchObject({ ok: false, loggedInAs: null });
      expect(r.response).toMatch(/^535 5\.7\.8 Authentication credentials invalid/);
      expect(smtpPlain.authAttempts.at(-1)).toEqual({ username: EMAIL, ok: false });
    });

    it('refuses a self-signed certificate on STARTTLS unless allowed', async () => {
      await configure({ smtp: smtpAt(smtpStarttls), allowSelfSigned: false });
      const refused = await check('smtp', goodEmployee);
      expect(refused).toMatchObject({ ok: false, loggedInAs: null });
      expect(refused.response).toMatch(/self[- ]signed/i);
      expect(smtpStarttls.authAttempts).toEqual([]); // the password never went out

      await configure({ smtp: smtpAt(smtpStarttls), allowSelfSigned: true });
      const allowed = await check('smtp', goodEmployee);
      expect(allowed).toMatchObject({
        ok: true,
        loggedInAs: EMAIL,
        server: `127.0.0.1:${smtpStarttls.port} (starttls)`,
      });
      expect(allowed.response).toMatch(/^220 localhost ESMTP/m);
      expect(allowed.response).toMatch(/^235 /m);
      expect(smtpStarttls.authAttempts).toEqual([{ username: EMAIL, ok: true }]);
    });

    it('requires STARTTLS when configured, even without logging in', async () => {
      await configure({ smtp: { ...smtpAt(smtpStarttls), security: 'starttls' }, allowSelfSigned: false });
      const r = await check('smtp', null);
      expect(r.ok).toBe(false);
      expect(r.response).toMatch(/self[- ]signed/i);
    });

    it('speaks implicit TLS', async () => {
      await configure({ smtp: smtpAt(smtpTls), allowSelfSigned: false });
      expect(await check('smtp', null)).toMatchObject({
        ok: false,
        response: expect.stringMatching(/self[- ]signed/i),
      });

      await configure({ smtp: smtpAt(smtpTls), allowSelfSigned: true });
      const r = await check('smtp', goodEmployee);
      expect(r).toMatchObject({ ok: true, loggedInAs: EMAIL });
      expect(r.response).toMatch(/^235 /m);
    });
  });

  describe('IMAP (Dovecot)', () => {
    const imapAt = (security: Security): Endpoint => ({
      host: dovecot.host,
      port: security === 'tls' ? dovecot.tlsPort : dovecot.port,
      security,
    });
    const GREETING = /^\* OK .*Dovecot.* ready\./m;

    it('connects without logging in and returns the greeting', async () => {
      await configure({ imap: imapAt('none'), allowSelfSigned: false });
      const r = await check('imap', null);
      expect(r).toMatchObject({
        ok: true,
        protocol: 'imap',
        loggedInAs: null,
        server: `127.0.0.1:${dovecot.port} (none)`,
      });
      expect(r.response).toMatch(GREETING);
    });

    it('does STARTTLS without logging in, refusing a self-signed certificate unless allowed', async () => {
      await configure({ imap: imapAt('starttls'), allowSelfSigned: false });
      const refused = await check('imap', null);
      expect(refused.ok).toBe(false);
      expect(refused.response).toMatch(/self[- ]signed/i);

      await configure({ imap: imapAt('starttls'), allowSelfSigned: true });
      const r = await check('imap', null);
      expect(r.ok).toBe(true);
      expect(r.response).toMatch(GREETING);
      expect(r.response).toMatch(/^A1 OK /m);
    });

    it('connects over implicit TLS without logging in', async () => {
      await configure({ imap: imapAt('tls'), allowSelfSigned: false });
      expect(await check('imap', null)).toMatchObject({
        ok: false,
        response: expect.stringMatching(/self[- ]signed/i),
      });
      await configure({ imap: imapAt('tls'), allowSelfSigned: true });
      const r = await check('imap', null);
      expect(r.ok).toBe(true);
      expect(r.response).toMatch(GREETING);
    });

    it.each(['starttls', 'tls', 'none'] as const)(
      "logs in with the employee's mailbox password (%s)",
      async (security) => {
        await configure({ imap: imapAt(security), allowSelfSigned: true });
        const r = await check('imap', goodEmployee);
        expect(r).toMatchObject({ ok: true, loggedInAs: EMAIL });
        expect(r.response).toMatch(GREETING);
        expect(r.response).toMatch(/ OK .*Logged in/);
        // Dovecot's log process writes asynchronously.
        await vi.waitFor(() => expect(dovecot.log()).toContain(`Login: user=<${EMAIL}>`));
      },
    );

    it("returns the server's NO reply for a wrong password", async () => {
      await configure({ imap: imapAt('starttls'), allowSelfSigned: true });
      const r = await check('imap', wrongEmployee);
      expect(r).toMatchObject({ ok: false, loggedInAs: null });
      expect(r.response).toMatch(/NO \[AUTHENTICATIONFAILED\] Authentication failed/);
    });

    it('refuses a self-signed certificate before logging in', async () => {
      await configure({ imap: imapAt('starttls'), allowSelfSigned: false });
      const r = await check('imap', goodEmployee);
      expect(r).toMatchObject({ ok: false, loggedInAs: null });
      expect(r.response).toMatch(/self[- ]signed/i);
    });
  });

  it('never shows a mailbox password in a response or a log line', () => {
    expect(bodies.length).toBeGreaterThan(20);
    expect(t.logs.length).toBeGreaterThan(0);
    for (const secret of [PASSWORD, WRONG_PASSWORD]) {
      // as sent by AUTH LOGIN and by AUTH PLAIN / AUTHENTICATE PLAIN
      const encoded = [secret, `\0${EMAIL}\0${secret}`].map((x) => Buffer.from(x).toString('base64'));
      for (const text of [...bodies, ...t.logs]) {
        for (const s of [secret, ...encoded]) expect(text).not.toContain(s);
      }
    }
  });
});
