import { simpleParser } from 'mailparser';
import { request, type APIRequestContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, openSession, signInAt, type BrowserSession } from '../test/support/e2e-browser.js';
import {
  appendMessage,
  startDovecot,
  startSmtpServer,
  type DovecotPeer,
  type SmtpPeer,
} from '../test/support/mail-peers.js';

/** A suffix that keeps this run's records apart from the demo data. */
const RUN = Date.now().toString(36).slice(-5);

/** The employee's mailbox on both mail servers: the SMTP login and the IMAP user. */
const MAILBOX = { login: 'manager@kartoteka.test', password: 'mailbox-password-1' };
const CLIENT = { name: `ТОВ «Почтовый клиент ${RUN}»`, email: `buyer-${RUN}@client.test` };
const SUBJECT = `Коммерческое предложение ${RUN}`;
const BODY = `Добрый день! Направляем предложение ${RUN}.`;
const REPLY_SUBJECT = `Re: ${SUBJECT}`;
const REPLY_BODY = `Спасибо, предложение получили (${RUN}).`;

/** Mail arrives by polling in the end: the server looks at the mailboxes every 5 s (the least it allows). */
const MAIL_WAIT_MS = 60_000;
/** A test that waits for mail: its wait and the steps around it. */
const MAIL_TEST_TIMEOUT_MS = MAIL_WAIT_MS + 60_000;

/** The administrator's API session: the cookie it signs in with, the CSRF token every write sends. */
interface AdminApi {
  ctx: APIRequestContext;
  userId: number;
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
}

async function adminApi(baseURL: string): Promise<AdminApi> {
  const ctx = await request.newContext({ baseURL });
  const login = await ctx.post('/api/v1/auth/login', {
    data: { login: ADMIN.login, password: ADMIN.password },
  });
  expect(login.status()).toBe(200);
  const me = (await login.json()) as { id: number; csrfToken: string };
  const send = async <T>(method: 'get' | 'post' | 'put' | 'patch', path: string, body?: unknown) => {
    const res = await ctx[method](path, {
      ...(body !== undefined && { data: body }),
      headers: { 'X-CSRF-Token': me.csrfToken },
    });
    if (!res.ok()) throw new Error(`${method.toUpperCase()} ${path}: ${res.status()} ${await res.text()}`);
    return (await res.json()) as T;
  };
  return {
    ctx,
    userId: me.id,
    get: (path) => send('get', path),
    post: (path, body) => send('post', path, body),
    put: (path, body) => send('put', path, body),
    patch: (path, body) => send('patch', path, body),
  };
}

/**
 * Like openSession (test/support/e2e-browser.ts), with the server polling mailboxes every 5 s
 * instead of every minute, so a delivered reply shows up within the test's patience.
 */
/** A reply from the client, as its mail server would deliver it into the employee's INBOX. */
function replyFromClient(inReplyTo: string): string {
  const subject = `=?UTF-8?B?${Buffer.from(REPLY_SUBJECT).toString('base64')}?=`;
  return [
    `From: Buyer <${CLIENT.email}>`,
    `To: ${MAILBOX.login}`,
    `Subject: ${subject}`,
    `Message-ID: <reply-${RUN}@client.test>`,
    `In-Reply-To: ${inReplyTo}`,
    `References: ${inReplyTo}`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(REPLY_BODY).toString('base64'),
    '',
  ].join('\r\n');
}

/** The «Письма» tab's row of the letter with exactly this subject. */
const letterRow = (page: Page, subject: string): Locator =>
  page
    .getByRole('row')
    .filter({ has: page.getByText(subject, { exact: true }) })
    .first();

describe('e-mail: written on a client card, sent over SMTP, the reply received over IMAP and threaded', () => {
  let session: BrowserSession;
  let page: Page;
  let pageErrors: string[];
  let admin: AdminApi;
  let smtp: SmtpPeer;
  let dovecot: DovecotPeer;
  let clientId: number;
  let sentMessageId: string;

  beforeAll(async () => {
    const users = { [MAILBOX.login]: MAILBOX.password };
    [smtp, dovecot] = await Promise.all([startSmtpServer({ users }), startDovecot({ users, ssl: false })]);
    session = await openSession({ width: 1400, height: 900 }, { env: { KARTOTEKA_MAIL_POLL_SECONDS: '5' } });
    ({ page, pageErrors } = session);
    admin = await adminApi(session.server.url);

    // Администратор → Почтовые серверы; a working employee with a mailbox the administrator works as.
    await admin.put('/api/v1/admin/mail-servers', {
      smtp: { host: smtp.host, port: smtp.port, security: 'none' },
      imap: { host: dovecot.host, port: dovecot.port, security: 'none' },
      allowSelfSigned: false,
    });
    const employee = await admin.post<{ id: number }>('/api/v1/employees', {
      fullName: 'Менеджер по продажам',
      email: MAILBOX.login,
      mailboxPassword: MAILBOX.password,
    });
    await admin.patch(`/api/v1/users/${admin.userId}`, { employeeId: employee.id });
    await admin.put(`/api/v1/settings/user-parameters/${admin.userId}`, { isCorporateMail: true });

    const client = await admin.post<{ id: number }>('/api/v1/clients', {
      kind: 'organization',
      name: CLIENT.name,
      emails: [CLIENT.email],
    });
    clientId = client.id;
  });

  afterAll(async () => {
    await admin?.ctx.dispose();
    await session?.close();
    await Promise.all([smtp?.close(), dovecot?.close()]);
  });

  it('writes a letter from the client card and the SMTP server receives it from the employee', async () => {
    await signInAt(page, `/clients/${clientId}`);
    await page.getByRole('heading', { name: CLIENT.name }).waitFor();
    await page.getByRole('button', { name: 'Написать письмо' }).first().click();

    const drawer = page.getByRole('dialog', { name: 'Написать письмо' });
    // The client's address is already in «Кому».
    await drawer.getByText(CLIENT.email).first().waitFor();
    await drawer.getByLabel('Тема', { exact: true }).fill(SUBJECT);
    const body = drawer.getByRole('textbox', { name: 'Текст письма' });
    await body.fill(BODY);
    // Bold from the toolbar for what is typed next.
    await drawer.getByRole('button', { name: 'Полужирный' }).click();
    await page.keyboard.type(' Срок — неделя.');
    await drawer.getByRole('button', { name: 'Отправить' }).click();
    await page.getByText('Письмо поставлено в очередь на отправку').waitFor();
    await drawer.waitFor({ state: 'hidden' });

    const [wire] = await smtp.waitFor(1, 30_000);
    expect(wire!.user).toBe(MAILBOX.login);
    expect(wire!.to).toEqual([CLIENT.email]);
    const mail = await simpleParser(wire!.raw);
    expect(mail.subject).toBe(SUBJECT);
    expect(mail.text).toContain(BODY);
    expect(mail.html).toContain(BODY);
    expect(mail.html).toMatch(/<(b|strong)>[^<]*неделя\.<\/(b|strong)>/);
    expect(mail.messageId).toMatch(/^<.+@.+>$/);
    sentMessageId = mail.messageId!;
  });

  it('shows the letter on the card as sent, and as an outgoing e-mail event', async () => {
    await page.getByRole('tab', { name: 'Письма' }).click();
    await page.waitForURL(`**/clients/${clientId}?tab=mail`);
    const row = letterRow(page, SUBJECT);
    // The list asks again every 5 s while the letter is queued or being sent.
    await expect
      .poll(() => row.getByTestId('mail-status').textContent(), { timeout: 30_000 })
      .toBe('отправлено');

    const eventLink = row.getByTestId('mail-event-link');
    const eventNumber = (await eventLink.textContent())!;
    const eventId = Number((await eventLink.getAttribute('href'))!.split('/').pop());

    await page.getByRole('tab', { name: 'Лента' }).click();
    const entry = page.getByTestId(`timeline-event-${eventId}`);
    await expect.poll(() => entry.textContent()).toContain(SUBJECT);

    // The event's card holds the letter itself.
    await entry.getByRole('link').first().click();
    await page.waitForURL(`**/events/${eventId}`);
    await page.getByRole('heading', { name: `${eventNumber} · ${SUBJECT}` }).waitFor();
    await page.getByText('Исходящий e-mail').first().waitFor();
    const letter = page.getByTestId('mail-letter');
    await letter.getByText(SUBJECT).first().waitFor();
    expect(await letter.getByTestId('mail-status').textContent()).toBe('отправлено');
  });

  it(
    'syncs the employee’s mailbox, as the profile shows',
    async () => {
      await expect
        .poll(async () => (await admin.get<{ status: string } | null>('/api/v1/me/mailbox'))?.status, {
          timeout: MAIL_WAIT_MS,
          interval: 1_000,
        })
        .toBe('ok');
      await page.getByTestId('user-menu').click();
      await page.getByRole('menuitem', { name: 'Профиль' }).click();
      await page.waitForURL('**/profile');
      const card = page.locator('.ant-card').filter({ hasText: 'Моя почта' });
      await card.getByText(MAILBOX.login).first().waitFor();
      await expect.poll(() => card.getByTestId('mailbox-status').textContent()).toBe('в порядке');
    },
    MAIL_TEST_TIMEOUT_MS,
  );

  it(
    'receives the client’s reply over IMAP and threads it with the letter on the card',
    async () => {
      await appendMessage(dovecot, MAILBOX, replyFromClient(sentMessageId));

      await page.goto(`/clients/${clientId}?tab=mail`);
      const reply = letterRow(page, REPLY_SUBJECT);
      await expect
        .poll(
          async () => {
            await page.getByRole('button', { name: 'Обновить' }).click();
            return reply.count();
          },
          { timeout: MAIL_WAIT_MS, interval: 2_000 },
        )
        .toBe(1);
      expect(await reply.getByTestId('mail-status').textContent()).toBe('получено');

      await reply.getByText(REPLY_SUBJECT, { exact: true }).click();
      const view = page.getByRole('dialog', { name: 'Письмо' });
      await view.getByTestId('mail-text').getByText(REPLY_BODY).waitFor();
      const thread = view.getByTestId('mail-thread');
      await thread.getByText(SUBJECT, { exact: true }).waitFor();
      await thread.getByText(`${REPLY_SUBJECT} (это письмо)`, { exact: true }).waitFor();

      // The earlier letter opens in its place from the conversation.
      await thread.getByText(SUBJECT, { exact: true }).click();
      await thread.getByText(`${SUBJECT} (это письмо)`, { exact: true }).waitFor();

      // «Ответить» to the client's letter: to the sender, "Re: …".
      await thread.getByText(REPLY_SUBJECT, { exact: true }).click();
      await view.getByRole('button', { name: 'Ответить' }).click();
      const compose = page.getByRole('dialog', { name: 'Ответ на письмо' });
      expect(await compose.getByLabel('Тема', { exact: true }).inputValue()).toBe(REPLY_SUBJECT);
      await compose.getByText(CLIENT.email).first().waitFor();
    },
    MAIL_TEST_TIMEOUT_MS,
  );

  it('had no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
