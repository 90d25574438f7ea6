import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { cliEnv, serve, type Served } from '../support/cli.js';
import { startDovecot, type DovecotPeer } from '../support/mail-peers.js';
import type { MailboxState, MailPage } from '../../src/shared/schemas/mail.js';

/**
 * `kartoteka serve` killed with SIGKILL in the middle of a mailbox's first sync, then started
 * again: every letter ends up stored exactly once (each is stored in one transaction with the
 * folder position it advances).
 */

const MAILBOX = { email: 'crash@example.test', password: 'Crash-Mbx-6hJ!' };
const LETTERS = 400;
const FILLER = 'Строка текста письма, чтобы письмо весило несколько килобайт. '.repeat(60);

/** A signed-in HTTP session against a served instance. */
class Session {
  private constructor(
    private readonly url: string,
    private readonly cookie: string,
    private readonly csrf: string,
  ) {}

  static async open(url: string, login: string, password: string): Promise<Session> {
    const res = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login, password }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .find((c) => c.startsWith('kartoteka_session='))!;
    return new Session(url, cookie, ((await res.json()) as { csrfToken: string }).csrfToken);
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        cookie: this.cookie,
        ...(method !== 'GET' && { 'x-csrf-token': this.csrf }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    expect(res.status, `${method} ${path}: ${text}`).toBeLessThan(300);
    return JSON.parse(text) as T;
  }
}

describe('kill -9 during a mailbox sync', () => {
  let db: TestDatabase;
  let dovecot: DovecotPeer;
  let server: Served | null = null;

  beforeAll(async () => {
    [db, dovecot] = await Promise.all([
      createTestDatabase(),
      startDovecot({ users: { [MAILBOX.email]: MAILBOX.password }, ssl: false }),
    ]);
    const client = new ImapFlow({
      host: dovecot.host,
      port: dovecot.port,
      secure: false,
      doSTARTTLS: false,
      auth: { user: MAILBOX.email, pass: MAILBOX.password },
      logger: false,
    });
    await client.connect();
    for (let i = 1; i <= LETTERS; i++) {
      const raw = [
        `From: sender-${i % 7}@senders.test`,
        `To: ${MAILBOX.email}`,
        `Subject: Письмо ${i}`,
        `Message-ID: <crash-${i}@senders.test>`,
        'Date: Wed, 12 Mar 2025 10:00:00 +0000',
        'Content-Type: text/plain; charset=utf-8',
        '',
        `${i}. ${FILLER}`,
        '',
      ].join('\r\n');
      await client.append('INBOX', raw);
    }
    await client.logout();
  });

  afterAll(async () => {
    await server?.stop('SIGKILL');
    await dovecot?.close();
    await db?.drop();
  });

  it('loses and repeats nothing', async () => {
    const env = cliEnv(db, { KARTOTEKA_MAIL_POLL_SECONDS: '5', LOG_LEVEL: 'warn' });
    server = await serve(env);
    const password = /password: (\S+)/.exec(server.output())?.[1];
    expect(password).toBeTruthy();
    let admin = await Session.open(server.url, 'admin', password!);

    await admin.call('PUT', '/api/v1/admin/mail-servers', {
      smtp: { host: null, port: null, security: 'starttls' },
      imap: { host: dovecot.host, port: dovecot.port, security: 'none' },
      allowSelfSigned: false,
    });
    const employee = await admin.call<{ id: number }>('POST', '/api/v1/employees', {
      fullName: 'Аварийный работник',
      email: MAILBOX.email,
      mailboxPassword: MAILBOX.password,
    });
    const user = await admin.call<{ id: number }>('POST', '/api/v1/users', {
      login: 'crash',
      fullName: 'Аварийный пользователь',
      password: 'crash-password-1',
      employeeId: employee.id,
    });
    // From here the job picks the mailbox up on its next poll.
    await admin.call('PUT', `/api/v1/settings/user-parameters/${user.id}`, { isCorporateMail: true });

    const stored = async (): Promise<MailboxState | undefined> =>
      (await admin.call<MailboxState[]>('GET', `/api/v1/mail/mailboxes?userId=${user.id}`))[0];
    let atKill = 0;
    for (;;) {
      const count = (await stored())?.messageCount ?? 0;
      if (count > 0) {
        await server.stop('SIGKILL');
        atKill = count;
        break;
      }
    }
    server = null;
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(LETTERS);

    server = await serve(env);
    admin = await Session.open(server.url, 'admin', password!);
    let state = await stored();
    while (!state || state.messageCount < LETTERS || state.status !== 'ok') {
      await new Promise((r) => setTimeout(r, 200));
      state = await stored();
    }
    expect(state.messageCount).toBe(LETTERS);

    const subjects: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page: MailPage = await admin.call<MailPage>('GET', `/api/v1/mail/messages?limit=500${query}`);
      subjects.push(...page.items.map((l) => l.subject));
      cursor = page.nextCursor;
    } while (cursor);
    expect(subjects).toHaveLength(LETTERS);
    expect(new Set(subjects).size).toBe(LETTERS);
    expect(await server.stop('SIGTERM')).toBe(0);
    server = null;
  }, 180_000);
});
