import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { createTestApp, type Client, type TestApp } from '../support/app.js';
import { startSmtpServer, type SmtpPeer } from '../support/mail-peers.js';
import { fieldErrors } from '../support/access.js';
import {
  SystemLettersService,
  type SystemLetter,
} from '../../src/server/modules/mail/system-letters.service.js';
import type {
  SystemLetterItem,
  SystemLetterPage,
  SystemSender,
} from '../../src/shared/schemas/system-letters.js';

/**
 * The system sender (Администратор → Рассылка) and its letters, against a real SMTP server
 * (smtp-server in-process): what reaches the server and as whom, retries while the server is
 * down, a refused login, and the administrator's retry. The worker is driven with runOnce (its
 * clock given to look at a later moment), except where it runs as a background job.
 */

const SENDER = 'notify@corp.test';
const SENDER_PASSWORD = 'Sys-Sender-9kQ!w';
const WRONG_PASSWORD = 'Not-The-Pa55-zX?';

describe('system letters', () => {
  let t: TestApp;
  let peer: SmtpPeer;
  let n = 0;

  const configureSmtp = async (target: { host: string; port: number } | null) => {
    const res = await t.admin.put('/api/v1/admin/mail-servers', {
      smtp: { host: target?.host ?? null, port: target?.port ?? null, security: 'none' },
      imap: { host: null, port: null, security: 'tls' },
      allowSelfSigned: false,
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  const setSender = async (body: Record<string, unknown>, c: Client = t.admin): Promise<SystemSender> => {
    const res = await c.put('/api/v1/admin/system-sender', body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<SystemSender>();
  };
  /** Queues letters the way the notifications' e-mail job does: in a transaction of the caller. */
  const queue = async (count = 1): Promise<SystemLetter[]> => {
    const letters = Array.from({ length: count }, () => {
      n++;
      return {
        toAddress: `user${n}@corp.test`,
        toName: `Получатель ${n}`,
        subject: `Уведомление ${n}`,
        text: `Текст ${n}`,
        html: `<p>Текст ${n}</p>`,
      };
    });
    await t.ctx.database.db
      .transaction()
      .execute((trx) => t.services.systemLetters.queueWithin(trx, letters));
    return letters;
  };
  const page = async (query = ''): Promise<SystemLetterPage> => {
    const res = await t.admin.get(`/api/v1/admin/system-letters${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<SystemLetterPage>();
  };
  const letterTo = async (address: string): Promise<SystemLetterItem> => {
    const found = (await page('?limit=200')).items.find((l) => l.toAddress === address);
    expect(found, address).toBeDefined();
    return found!;
  };
  const receivedBy = async (address: string) => {
    const mails = peer.received.filter((m) => m.to.includes(address));
    return Promise.all(mails.map(async (m) => ({ ...m, parsed: await simpleParser(m.raw) })));
  };

  beforeAll(async () => {
    t = await createTestApp();
    peer = await startSmtpServer({ users: { [SENDER]: SENDER_PASSWORD } });
  });

  afterAll(async () => {
    await t?.close();
    await peer?.close();
  });

  it('without a system sender letters wait in the queue with the reason, counting no attempt', async () => {
    expect(await setSender({ address: null })).toEqual({
      address: null,
      name: '',
      hasPassword: false,
      ready: false,
    });
    const [letter] = await queue();
    expect(await t.services.systemLetters.runOnce()).toEqual({ sent: 0, failed: 0, retried: 0, waiting: 1 });
    const waiting = await letterTo(letter!.toAddress);
    expect(waiting).toMatchObject({ status: 'queued', attempts: 0, sentAt: null });
    expect(waiting.lastError).toContain('системный отправитель');
    expect(await t.services.systemLetters.counts()).toEqual({ queued: 1, failed: 0 });
    expect(await t.services.systemLetters.ready()).toBe(false);

    // A sender but no SMTP server: still waiting, now for the server.
    await setSender({ address: SENDER, name: 'Картотека', password: SENDER_PASSWORD });
    expect(await t.services.systemLetters.runOnce()).toEqual({ sent: 0, failed: 0, retried: 0, waiting: 1 });
    expect((await letterTo(letter!.toAddress)).lastError).toContain('SMTP-сервер');
    expect(await t.services.systemLetters.ready()).toBe(false);
  });

  it('keeps the sender’s password encrypted, never returns it, and logs the change without it', async () => {
    await configureSmtp(peer);
    const res = await t.admin.get('/api/v1/admin/system-sender');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ address: SENDER, name: 'Картотека', hasPassword: true, ready: true });
    expect(res.body).not.toContain(SENDER_PASSWORD);
    expect(await t.services.systemLetters.ready()).toBe(true);
    const row = await t.ctx.database.db
      .selectFrom('mail_settings')
      .select('system_sender_password_enc')
      .executeTakeFirstOrThrow();
    expect(row.system_sender_password_enc).toBeTruthy();
    expect(row.system_sender_password_enc).not.toContain(SENDER_PASSWORD);

    const changes = await t.admin.get('/api/v1/settings/changes?area=mail&entity=system_sender');
    expect(changes.statusCode, changes.body).toBe(200);
    const items = changes.json<{ items: { changes: Record<string, { old: unknown; new: unknown }> }[] }>()
      .items;
    expect(items[0]!.changes).toEqual({
      address: { old: null, new: SENDER },
      name: { old: '', new: 'Картотека' },
      isPasswordSet: { old: false, new: true },
    });
    expect(changes.body).not.toContain(SENDER_PASSWORD);

    // The name alone changes: the password stays.
    expect(await setSender({ address: SENDER, name: 'Картотека · уведомления' })).toMatchObject({
      hasPassword: true,
      ready: true,
    });
  });

  it('sends the waiting letter from the system sender, logged in as it', async () => {
    const before = peer.received.length;
    const result = await t.services.systemLetters.runOnce();
    expect(result).toMatchObject({ sent: 1, failed: 0, retried: 0 });
    expect(peer.received.length).toBe(before + 1);
    const [mail] = await receivedBy('user1@corp.test');
    expect(mail!.user).toBe(SENDER);
    expect(mail!.from).toBe(SENDER);
    expect(mail!.parsed.from?.value).toEqual([{ address: SENDER, name: 'Картотека · уведомления' }]);
    expect(mail!.parsed.to).toMatchObject({ value: [{ address: 'user1@corp.test', name: 'Получатель 1' }] });
    expect(mail!.parsed.subject).toBe('Уведомление 1');
    expect(mail!.parsed.text?.trim()).toBe('Текст 1');
    expect(mail!.parsed.html).toContain('<p>Текст 1</p>');
    const sent = await letterTo('user1@corp.test');
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, lastError: null, nextAttemptAt: null });
    expect(sent.sentAt).not.toBeNull();
    expect(await t.services.systemLetters.counts()).toEqual({ queued: 0, failed: 0 });
    expect((await page()).counts).toEqual({ queued: 0, failed: 0, sent: 1 });
  });

  it('with the SMTP server down a letter is retried with backoff, visibly, then sent', async () => {
    const down = await startSmtpServer({ users: { [SENDER]: SENDER_PASSWORD } });
    await configureSmtp(down);
    await down.close();
    const [letter] = await queue();
    const started = Date.now();
    expect(await t.services.systemLetters.runOnce()).toMatchObject({ sent: 0, failed: 0, retried: 1 });
    let l = await letterTo(letter!.toAddress);
    expect(l).toMatchObject({ status: 'queued', attempts: 1 });
    expect(l.lastError).toMatch(/ECONNREFUSED|connect/i);
    const first = Date.parse(l.nextAttemptAt!);
    expect(first).toBeGreaterThanOrEqual(started + 30_000);
    expect(await t.services.systemLetters.counts()).toEqual({ queued: 1, failed: 0 });
    expect((await page('?status=queued')).items.map((i) => i.toAddress)).toEqual([letter!.toAddress]);

    // Not due yet: nothing is tried.
    expect(await t.services.systemLetters.runOnce()).toMatchObject({ sent: 0, retried: 0 });
    // Due and still down: the delay doubles.
    expect(await t.services.systemLetters.runOnce({ now: new Date(first) })).toMatchObject({ retried: 1 });
    l = await letterTo(letter!.toAddress);
    expect(l.attempts).toBe(2);
    expect(Date.parse(l.nextAttemptAt!)).toBe(first + 60_000);

    await configureSmtp(peer);
    expect(await t.services.systemLetters.runOnce({ now: new Date(l.nextAttemptAt!) })).toMatchObject({
      sent: 1,
    });
    expect(await letterTo(letter!.toAddress)).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
    expect(await receivedBy(letter!.toAddress)).toHaveLength(1);
  });

  it('gives up after 8 temporary refusals', async () => {
    peer.mode = 'temporary';
    try {
      const [letter] = await queue();
      let now = new Date();
      for (let attempt = 1; attempt <= 8; attempt++) {
        expect(await t.services.systemLetters.runOnce({ now })).toMatchObject(
          attempt < 8 ? { failed: 0, retried: 1 } : { failed: 1, retried: 0 },
        );
        const l = await letterTo(letter!.toAddress);
        expect(l.attempts).toBe(attempt);
        if (attempt < 8) now = new Date(l.nextAttemptAt!);
      }
      const failed = await letterTo(letter!.toAddress);
      expect(failed).toMatchObject({ status: 'failed', nextAttemptAt: null });
      expect(failed.lastError).toContain('451');
      // Given up for good: the retry below is the administrator's.
      expect((await t.admin.post(`/api/v1/admin/system-letters/${failed.id}/retry`)).statusCode).toBe(200);
    } finally {
      peer.mode = 'accept';
    }
    expect(await t.services.systemLetters.runOnce()).toMatchObject({ sent: 1 });
  });

  it('a refused login fails the letter with the 535 reply; the administrator sends it again', async () => {
    await setSender({ address: SENDER, name: 'Картотека', password: WRONG_PASSWORD });
    const [letter] = await queue();
    expect(await t.services.systemLetters.runOnce()).toMatchObject({ sent: 0, failed: 1, retried: 0 });
    const failed = await letterTo(letter!.toAddress);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, nextAttemptAt: null });
    expect(failed.lastError).toContain('535');
    expect(peer.authAttempts).toContainEqual({ username: SENDER, ok: false });
    expect(await t.services.systemLetters.counts()).toEqual({ queued: 0, failed: 1 });
    expect((await page('?status=failed')).items.map((i) => i.id)).toEqual([failed.id]);

    // A failed letter stays failed: later passes leave it alone.
    expect(await t.services.systemLetters.runOnce({ now: new Date(Date.now() + 86_400_000) })).toMatchObject({
      sent: 0,
      failed: 0,
      retried: 0,
    });

    await setSender({ address: SENDER, name: 'Картотека', password: SENDER_PASSWORD });
    const retried = await t.admin.post(`/api/v1/admin/system-letters/${failed.id}/retry`);
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json()).toMatchObject({ id: failed.id, status: 'queued', attempts: 0 });
    expect(await t.services.systemLetters.runOnce()).toMatchObject({ sent: 1 });
    expect(await letterTo(letter!.toAddress)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await receivedBy(letter!.toAddress)).toHaveLength(1);

    const again = await t.admin.post(`/api/v1/admin/system-letters/${failed.id}/retry`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('mail_not_failed');
    expect((await t.admin.post('/api/v1/admin/system-letters/987654321/retry')).statusCode).toBe(404);

    const logs = t.logs.join('\n');
    expect(logs).toContain('535');
    for (const secret of [SENDER_PASSWORD, WRONG_PASSWORD]) expect(logs).not.toContain(secret);
  });

  it('refuses a bad address and keeps the sender to the mail settings area', async () => {
    expect(
      fieldErrors(await t.admin.put('/api/v1/admin/system-sender', { address: 'not-an-address' }), 400),
    ).toEqual([['address', 'invalid_format']]);
    await t.services.users.create({ login: 'plain', fullName: 'Обычный', password: 'plain-password-1' });
    const plain = await t.login('plain', 'plain-password-1');
    expect((await plain.get('/api/v1/admin/system-sender')).statusCode).toBe(403);
    expect((await plain.get('/api/v1/admin/system-letters')).statusCode).toBe(403);
    expect((await plain.put('/api/v1/admin/system-sender', { address: null })).statusCode).toBe(403);
    expect((await t.admin.get('/api/v1/admin/system-sender')).json()).toMatchObject({ address: SENDER });
  });

  it('is described in the OpenAPI document', async () => {
    const res = await t.admin.get('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json<{ paths: Record<string, unknown> }>().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/admin/system-sender',
        '/api/v1/admin/system-letters',
        '/api/v1/admin/system-letters/{id}/retry',
      ]),
    );
  });

  it('pages the letters newest first', async () => {
    const all = (await page('?limit=200')).items;
    expect(all.length).toBeGreaterThanOrEqual(3);
    const first = await page('?limit=2');
    expect(first.items.map((i) => i.id)).toEqual(all.slice(0, 2).map((i) => i.id));
    expect(first.nextCursor).not.toBeNull();
    const second = await page(`?limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((i) => i.id)).toEqual(all.slice(2, 4).map((i) => i.id));
  });

  it('two workers on one database never send the same letter', async () => {
    const letters = await queue(10);
    const other = new SystemLettersService(t.ctx, t.services);
    const results = await Promise.all([t.services.systemLetters.runOnce(), other.runOnce()]);
    expect(results.reduce((sum, r) => sum + r.sent, 0)).toBe(10);
    for (const l of letters) expect(await receivedBy(l.toAddress)).toHaveLength(1);
  });

  it('a letter left «sending» by a process that died is taken back; a live claim is not', async () => {
    const [dead, live] = await queue(2);
    const now = Date.now();
    const claim = (address: string, minutesAgo: number) =>
      t.ctx.database.db
        .updateTable('mail_system_letters')
        .set({
          status: 'sending',
          attempts: 1,
          updated_at: new Date(now - minutesAgo * 60_000).toISOString(),
        })
        .where('to_address', '=', address)
        .execute();
    await claim(dead!.toAddress, 11);
    await claim(live!.toAddress, 1);
    expect(await t.services.systemLetters.runOnce({ now: new Date(now) })).toMatchObject({ sent: 1 });
    expect(await letterTo(dead!.toAddress)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(await letterTo(live!.toAddress)).toMatchObject({ status: 'sending', attempts: 1 });
    expect(await receivedBy(dead!.toAddress)).toHaveLength(1);
    expect(await receivedBy(live!.toAddress)).toHaveLength(0);
    expect(await t.services.systemLetters.counts()).toEqual({ queued: 1, failed: 0 });
    // Its process is gone too, later: the next look after the limit sends it.
    expect(await t.services.systemLetters.runOnce({ now: new Date(now + 10 * 60_000) })).toMatchObject({
      sent: 1,
    });
    expect(await receivedBy(live!.toAddress)).toHaveLength(1);
  });

  it('as a background job, a queued letter goes without a call', async () => {
    t.services.systemLetters.start();
    try {
      const count = peer.received.length;
      const [letter] = await queue();
      await peer.waitFor(count + 1);
      await expect
        .poll(async () => (await letterTo(letter!.toAddress)).status, { timeout: 10_000 })
        .toBe('sent');
      expect(await receivedBy(letter!.toAddress)).toHaveLength(1);
    } finally {
      await t.services.systemLetters.stop();
    }
  });
});
