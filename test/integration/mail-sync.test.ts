import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client as HttpClient, type TestApp } from '../support/app.js';
import { appendMessage, startDovecot, type DovecotPeer } from '../support/mail-peers.js';
import type { MailboxState, MailListItem, MailMessage, MailPage } from '../../src/shared/schemas/mail.js';
import type { EventCard } from '../../src/shared/schemas/events.js';
import type { Client } from '../../src/shared/schemas/clients.js';

/**
 * Receiving mail: real Dovecot, letters delivered with IMAP APPEND, synced through the API
 * (and `services.mailboxes.syncNow` where the counts matter), read back through the API.
 */

const fixture = (name: string) => readFileSync(new URL(`../fixtures/mail/${name}`, import.meta.url));
const MB = 1024 * 1024;

const MAILBOXES = {
  anna: { email: 'anna@example.test', password: 'Anna-Mbx-7qX!' },
  boris: { email: 'boris@example.test', password: 'Boris-Mbx-3wE?' },
  vera: { email: 'vera@example.test', password: 'Vera-Mbx-9tR#' },
  gleb: { email: 'gleb@example.test', password: 'Gleb-Mbx-5yU%' },
} as const;
type Who = keyof typeof MAILBOXES;
const WRONG_PASSWORD = 'Not-Veras-Pw-2kD&';
const DOVECOT_USERS = Object.fromEntries(Object.values(MAILBOXES).map((m) => [m.email, m.password]));

interface Letter {
  from: string;
  subject: string;
  id?: string;
  to?: string;
  inReplyTo?: string;
  references?: string;
  body?: string;
}

/** A plain-text letter as a mail server stores it. */
function eml(l: Letter): string {
  return [
    `From: ${l.from}`,
    `To: ${l.to ?? 'anna@example.test'}`,
    `Subject: ${l.subject}`,
    'Date: Mon, 10 Mar 2025 10:00:00 +0000',
    ...(l.id ? [`Message-ID: <${l.id}>`] : []),
    ...(l.inReplyTo ? [`In-Reply-To: <${l.inReplyTo}>`] : []),
    ...(l.references ? [`References: ${l.references}`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    l.body ?? `Text of «${l.subject}»`,
    '',
  ].join('\r\n');
}

/** A letter from office@acme.test to Anna: a line of text and one base64 attachment. */
function withAttachment(l: {
  subject: string;
  id: string;
  text: string;
  type: string;
  name: string;
  base64: string;
}) {
  return [
    'From: office@acme.test',
    'To: anna@example.test',
    `Subject: ${l.subject}`,
    `Message-ID: <${l.id}>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain; charset=utf-8',
    '',
    l.text,
    '--b',
    `Content-Type: ${l.type}; name="${l.name}"`,
    'Content-Transfer-Encoding: base64',
    `Content-Disposition: attachment; filename="${l.name}"`,
    '',
    l.base64,
    '--b--',
    '',
  ].join('\r\n');
}

/** A user with an employee whose mailbox is on Dovecot, with «receive corporate mail» on. */
async function mailUser(t: TestApp, login: Who, mailboxPassword: string = MAILBOXES[login].password) {
  const employee = await t.admin.post('/api/v1/employees', {
    fullName: `Работник ${login}`,
    email: MAILBOXES[login].email,
    mailboxPassword,
  });
  expect(employee.statusCode, employee.body).toBe(201);
  const user = await t.admin.post('/api/v1/users', {
    login,
    fullName: `Пользователь ${login}`,
    password: `${login}-password-1`,
    employeeId: employee.json<{ id: number }>().id,
  });
  expect(user.statusCode, user.body).toBe(201);
  const userId = user.json<{ id: number }>().id;
  const params = await t.admin.put(`/api/v1/settings/user-parameters/${userId}`, { isCorporateMail: true });
  expect(params.statusCode, params.body).toBe(200);
  const boxes = await t.admin.get(`/api/v1/mail/mailboxes?userId=${userId}`);
  expect(boxes.statusCode, boxes.body).toBe(200);
  const [mailbox] = boxes.json<MailboxState[]>();
  expect(mailbox).toMatchObject({ account: MAILBOXES[login].email, isEnabled: true, folders: ['INBOX'] });
  return { userId, mailboxId: mailbox!.id };
}

async function configureImap(
  t: TestApp,
  peer: DovecotPeer,
  tls: { port: number; security: 'tls' | 'starttls' } | null = null,
): Promise<void> {
  const res = await t.admin.put('/api/v1/admin/mail-servers', {
    smtp: { host: null, port: null, security: 'starttls' },
    imap: { host: peer.host, port: tls?.port ?? peer.port, security: tls?.security ?? 'none' },
    allowSelfSigned: tls !== null,
  });
  expect(res.statusCode, res.body).toBe(200);
}

describe('receiving mail over IMAP', () => {
  let t: TestApp;
  let dovecot: DovecotPeer;
  const users = {} as Record<Who, { userId: number; mailboxId: number }>;
  let acme: Client;

  const deliver = (who: Who, raw: string | Buffer, folder = 'INBOX') =>
    appendMessage(dovecot, { login: MAILBOXES[who].email, password: MAILBOXES[who].password }, raw, folder);
  const sync = async (who: Who): Promise<MailboxState> => {
    const res = await t.admin.post(`/api/v1/mail/mailboxes/${users[who].mailboxId}/sync`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<MailboxState>();
  };
  const syncOk = async (who: Who) => {
    const state = await sync(who);
    expect(state, JSON.stringify(state)).toMatchObject({ status: 'ok', lastError: null, failures: 0 });
    return state;
  };
  const get = async <T>(url: string, as: HttpClient = t.admin): Promise<T> => {
    const res = await as.get(url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<T>();
  };
  const letterBySubject = async (subject: string): Promise<MailMessage> => {
    const all: MailListItem[] = [];
    for (const url of ['/api/v1/mail/unsorted?limit=200', '/api/v1/mail/messages?direction=in&limit=200']) {
      all.push(...(await get<MailPage>(url)).items);
    }
    const found = [...new Map(all.filter((l) => l.subject === subject).map((l) => [l.id, l])).values()];
    expect(found, `letters with subject ${subject}`).toHaveLength(1);
    return get<MailMessage>(`/api/v1/mail/messages/${found[0]!.id}`);
  };
  const clientLetters = async (clientId: number) =>
    (await get<MailPage>(`/api/v1/mail/messages?clientId=${clientId}&limit=200`)).items;

  beforeAll(async () => {
    [t, dovecot] = await Promise.all([
      createTestApp({ mailMaxMessageBytes: MB }),
      startDovecot({ users: DOVECOT_USERS, ssl: false }),
    ]);
    await configureImap(t, dovecot);
    for (const who of ['anna', 'boris', 'gleb'] as const) users[who] = await mailUser(t, who);
    users.vera = await mailUser(t, 'vera', WRONG_PASSWORD);
    const res = await t.admin.post('/api/v1/clients', {
      name: 'ООО «Акме»',
      emails: ['office@acme.test'],
      contacts: [{ name: 'Петров Пётр', emails: ['petrov@acme.test'] }],
    });
    expect(res.statusCode, res.body).toBe(201);
    acme = res.json<Client>();
  });

  afterAll(async () => {
    await t?.close();
    await dovecot?.close();
  });

  it('stores a letter from a client as an «incoming e-mail» event of that client (and contact person)', async () => {
    await deliver(
      'anna',
      eml({ from: 'Акме <office@acme.test>', subject: 'Договор поставки', id: 'd1@acme.test' }),
    );
    await deliver(
      'anna',
      eml({ from: '"Петров Пётр" <Petrov@Acme.test>', subject: 'Вопрос по оплате', id: 'd2@acme.test' }),
    );
    const state = await syncOk('anna');
    expect(state.messageCount).toBe(2);
    expect(state.lastSyncAt).not.toBeNull();

    const letters = await clientLetters(acme.id);
    expect(letters.map((l) => l.subject).sort()).toEqual(['Вопрос по оплате', 'Договор поставки']);
    const contract = await letterBySubject('Договор поставки');
    expect(contract).toMatchObject({
      direction: 'in',
      status: 'received',
      messageId: 'd1@acme.test',
      from: { address: 'office@acme.test', name: 'Акме' },
      to: [{ address: 'anna@example.test', name: '' }],
      client: { id: acme.id },
      contact: null,
      text: expect.stringContaining('Text of «Договор поставки»'),
    });
    const question = await letterBySubject('Вопрос по оплате');
    expect(question.contact).toEqual({ id: acme.contacts[0]!.id, name: 'Петров Пётр' });

    const event = await get<EventCard>(`/api/v1/events/${contract.event!.id}`);
    expect(event).toMatchObject({
      type: { code: 'incoming_email' },
      subject: 'Договор поставки',
      status: 'done',
      client: { id: acme.id },
      performer: { id: users.anna.userId },
      startsAt: '2025-03-10T10:00:00.000Z',
    });
    expect(event.description).toContain('Text of «Договор поставки»');
  });

  it('fetches only what is new on the next sync', async () => {
    expect(await t.services.mailboxes.syncNow(users.anna.userId)).toEqual({
      fetched: 0,
      stored: 0,
      skipped: 0,
    });
    await deliver('anna', eml({ from: 'office@acme.test', subject: 'Ещё одно письмо', id: 'd3@acme.test' }));
    expect(await t.services.mailboxes.syncNow(users.anna.userId)).toEqual({
      fetched: 1,
      stored: 1,
      skipped: 0,
    });
    expect((await syncOk('anna')).messageCount).toBe(3);
  });

  it('puts letters from unknown senders in «Неразобранные»', async () => {
    await deliver(
      'anna',
      eml({ from: 'Незнакомец <stranger@nowhere.test>', subject: 'Кто я', id: 'u1@nowhere.test' }),
    );
    await syncOk('anna');
    const unsorted = (await get<MailPage>('/api/v1/mail/unsorted')).items;
    expect(unsorted.map((l) => l.subject)).toContain('Кто я');
    const letter = await letterBySubject('Кто я');
    expect(letter.client).toBeNull();
    expect(letter.event).not.toBeNull();
  });

  it('threads replies by In-Reply-To and by References alone, linking an unknown sender to the thread’s client', async () => {
    await deliver(
      'anna',
      eml({ from: 'office@acme.test', subject: 'Начало переписки', id: 'root@acme.test' }),
    );
    await deliver(
      'anna',
      eml({
        from: 'assistant@elsewhere.test',
        subject: 'Re: Начало переписки',
        id: 'reply1@elsewhere.test',
        inReplyTo: 'root@acme.test',
        references: '<root@acme.test>',
      }),
    );
    await deliver(
      'anna',
      eml({
        from: 'office@acme.test',
        subject: 'Re: Re: Начало переписки',
        id: 'reply2@acme.test',
        references: '<unknown@other.test> <root@acme.test> <reply1@elsewhere.test>',
      }),
    );
    await syncOk('anna');
    const root = await letterBySubject('Начало переписки');
    const reply1 = await letterBySubject('Re: Начало переписки');
    const reply2 = await letterBySubject('Re: Re: Начало переписки');
    expect(root.threadId).toBe(root.id);
    expect(reply1).toMatchObject({ threadId: root.id, inReplyTo: 'root@acme.test', client: { id: acme.id } });
    expect(reply2).toMatchObject({ threadId: root.id, client: { id: acme.id } });
    const unsorted = (await get<MailPage>('/api/v1/mail/unsorted')).items.map((l) => l.subject);
    expect(unsorted).not.toContain('Re: Начало переписки');
    const thread = await get<MailListItem[]>(`/api/v1/mail/messages/${reply2.id}/thread`);
    expect(thread.map((l) => l.id)).toEqual([root.id, reply1.id, reply2.id]);

    // A reply fetched by a later sync finds its thread among the stored letters.
    await deliver(
      'anna',
      eml({
        from: 'someone@elsewhere.test',
        subject: 'Re: Re: Re: Начало переписки',
        id: 'reply3@elsewhere.test',
        inReplyTo: 'reply2@acme.test',
      }),
    );
    await syncOk('anna');
    expect(await letterBySubject('Re: Re: Re: Начало переписки')).toMatchObject({
      threadId: root.id,
      client: { id: acme.id },
    });
  });

  it('stores a letter in two mailboxes once, and both users are on its event', async () => {
    const raw = eml({
      from: 'office@acme.test',
      to: 'anna@example.test, boris@example.test',
      subject: 'Обоим сразу',
      id: 'both@acme.test',
    });
    await deliver('anna', raw);
    await deliver('boris', raw);
    expect(await t.services.mailboxes.syncNow(users.anna.userId)).toMatchObject({ stored: 1 });
    expect(await t.services.mailboxes.syncNow(users.boris.userId)).toEqual({
      fetched: 1,
      stored: 0,
      skipped: 1,
    });
    const letter = await letterBySubject('Обоим сразу');
    const event = await get<EventCard>(`/api/v1/events/${letter.event!.id}`);
    expect(event.performer?.id).toBe(users.anna.userId);
    expect(event.participants.map((p) => p.id)).toEqual([users.boris.userId]);
    expect((await syncOk('boris')).messageCount).toBe(0);

    // Boris sees it as a participant, through his own login.
    const boris = await t.login('boris', 'boris-password-1');
    expect((await boris.get(`/api/v1/events/${letter.event!.id}`)).statusCode).toBe(200);
  });

  it('starts a folder over when its UIDVALIDITY changes, without duplicating a letter', async () => {
    const put = await t.admin.put(`/api/v1/mail/mailboxes/${users.gleb.mailboxId}`, {
      folders: ['INBOX', 'Проекты'],
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json<MailboxState>().folders).toEqual(['INBOX', 'Проекты']);
    const letters = [1, 2].map((n) =>
      eml({
        from: 'office@acme.test',
        to: 'gleb@example.test',
        subject: `Проект ${n}`,
        id: `project-${n}@acme.test`,
      }),
    );
    for (const raw of letters) await deliver('gleb', raw, 'Проекты');
    expect(await t.services.mailboxes.syncNow(users.gleb.userId)).toEqual({
      fetched: 2,
      stored: 2,
      skipped: 0,
    });

    // The folder is deleted and made anew with the same letters and one more: a new UIDVALIDITY.
    const before = await uidValidity('Проекты');
    await imap(async (c) => {
      await c.mailboxDelete('Проекты');
      await c.mailboxCreate('Проекты');
    });
    const third = eml({
      from: 'office@acme.test',
      to: 'gleb@example.test',
      subject: 'Проект 3',
      id: 'project-3@acme.test',
    });
    for (const raw of [...letters, third]) await deliver('gleb', raw, 'Проекты');
    expect(await uidValidity('Проекты')).not.toBe(before);

    expect(await t.services.mailboxes.syncNow(users.gleb.userId)).toEqual({
      fetched: 3,
      stored: 1,
      skipped: 2,
    });
    for (const n of [1, 2, 3]) await letterBySubject(`Проект ${n}`);
    expect((await syncOk('gleb')).messageCount).toBe(3);
  });

  it('syncs the folders there are and names the ones the server does not have', async () => {
    const put = await t.admin.put(`/api/v1/mail/mailboxes/${users.gleb.mailboxId}`, {
      folders: ['Архив 2019', 'INBOX'],
    });
    expect(put.statusCode, put.body).toBe(200);
    await deliver('gleb', eml({ from: 'office@acme.test', to: 'gleb@example.test', subject: 'Во входящие' }));
    const state = await sync('gleb');
    expect(state).toMatchObject({ status: 'error', failures: 0, nextAttemptAt: null, messageCount: 4 });
    expect(state.lastError).toContain('Архив 2019');
    await letterBySubject('Во входящие');
  });

  it('starts over when the employee’s mailbox address changes', async () => {
    const [box] = await get<MailboxState[]>(`/api/v1/mail/mailboxes?userId=${users.boris.userId}`);
    const moveTo = async (who: Who) => {
      const { email, password } = MAILBOXES[who];
      const res = await t.admin.patch(`/api/v1/employees/${box!.employeeId}`, {
        email,
        mailboxPassword: password,
      });
      expect(res.statusCode, res.body).toBe(200);
    };
    await moveTo('gleb');
    // Gleb's INBOX from the start: its one letter is stored already, Boris joins its event.
    expect(await t.services.mailboxes.syncNow(users.boris.userId)).toEqual({
      fetched: 1,
      stored: 0,
      skipped: 1,
    });
    expect(await syncOk('boris')).toMatchObject({ account: MAILBOXES.gleb.email, messageCount: 0 });
    const letter = await letterBySubject('Во входящие');
    const event = await get<EventCard>(`/api/v1/events/${letter.event!.id}`);
    expect(event.participants.map((p) => p.id)).toEqual([users.boris.userId]);
    await moveTo('boris');
    expect(await t.services.mailboxes.syncNow(users.boris.userId)).toEqual({
      fetched: 1,
      stored: 0,
      skipped: 1,
    });
  });

  it('decodes windows-1251 and koi8-r letters, and raw 8-bit headers', async () => {
    await deliver('anna', fixture('windows-1251.eml'));
    await deliver('anna', fixture('koi8-r.eml'));
    await deliver('anna', fixture('raw-utf8-headers.eml'));
    await deliver('anna', fixture('raw-cp1251-headers.eml'));
    await syncOk('anna');
    expect(await letterBySubject('Счёт на оплату №15')).toMatchObject({
      from: { address: 'buh@romashka.test', name: 'Бухгалтерия ООО «Ромашка»' },
      text: 'Добрый день! Оплатите, пожалуйста, счёт до пятницы.\nЁлки-палки, ещё раз спасибо.\n',
      sentAt: '2025-03-03T08:15:00.000Z',
    });
    expect(await letterBySubject('Заявка на поставку')).toMatchObject({
      from: { address: 'snab@zavod.test', name: 'Отдел снабжения' },
      text: expect.stringContaining('Просим поставить 40 шестерёнок к четвергу.'),
    });
    expect(await letterBySubject('Тема без кодирования — ёлка')).toMatchObject({
      from: { address: 'petr@raw8bit.test', name: 'Пётр Сидоров' },
      to: [{ address: 'anna@example.test', name: 'Анна' }],
      text: expect.stringContaining('Текст в UTF-8'),
    });
    // Raw windows-1251 in the headers is read by the charset the body declares, with a note.
    const legacy = await letterBySubject('Тема прямо в windows-1251');
    expect(legacy).toMatchObject({
      from: { address: 'old-client@legacy.test', name: 'Пётр Старый' },
      text: 'Старый почтовый клиент пишет заголовки без кодирования.\n',
    });
    expect(legacy.note).toContain('windows-1251');
  });

  it('keeps what can be read of a letter with broken MIME, with a note', async () => {
    await deliver('anna', fixture('broken-boundary.eml'));
    await syncOk('anna');
    const letter = await letterBySubject('Broken MIME');
    expect(letter.text).toContain('The first part is readable.');
    expect(letter.note).toContain('XYZ-boundary');
  });

  it('stores HTML sanitised and blocks remote images until allowed', async () => {
    await deliver('anna', fixture('html-dangerous.eml'));
    await syncOk('anna');
    const letter = await letterBySubject('Special offer');
    expect(letter).toMatchObject({
      hasHtml: true,
      hasRemoteImages: true,
      text: 'Plain version of the offer.',
    });
    const res = await t.admin.get(`/api/v1/mail/messages/${letter.id}/html`);
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('Hello <b>Anna</b>');
    expect(html).toContain('https://shop.example.net/offer');
    for (const bad of ['<script', 'alert(', 'onerror', 'onclick', 'javascript:', 'document.cookie']) {
      expect(html).not.toContain(bad);
    }
    expect(res.headers['content-security-policy']).toContain("img-src 'self' data:;");
  });

  it('stores attachments, inline ones marked, and serves their bytes', async () => {
    await deliver('anna', fixture('attachments.eml'));
    await syncOk('anna');
    const letter = await letterBySubject('Documents attached');
    expect(letter.attachments).toEqual([
      expect.objectContaining({
        filename: 'logo.png',
        contentType: 'image/png',
        isInline: true,
        isStored: true,
      }),
      expect.objectContaining({
        filename: 'Договор №7.pdf',
        contentType: 'application/pdf',
        size: 5000,
        isInline: false,
        isStored: true,
      }),
    ]);
    const pdf = await t.admin.get(`/api/v1/mail/attachments/${letter.attachments[1]!.id}`);
    expect(pdf.statusCode).toBe(200);
    // The bytes attachments.eml carries: a PDF header, then (i * 7 + 13) mod 256.
    const expected = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7 + 13) % 256));
    Buffer.from('%PDF-1.4\n').copy(expected);
    expect(pdf.rawPayload.equals(expected)).toBe(true);
    // HTML-only: the text comes from the HTML.
    expect(letter.text).toContain('Our logo');
  });

  it('puts inline images into the HTML document as data: URLs (the sandboxed frame sends no cookie)', async () => {
    const letter = await letterBySubject('Documents attached');
    const res = await t.admin.get(`/api/v1/mail/messages/${letter.id}/html`);
    expect(res.statusCode, res.body).toBe(200);
    // logo.png of attachments.eml, as its base64 there.
    const logo = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgAAACAAFUok9dAAAAAElFTkSuQmCC',
      'base64',
    );
    expect(res.body).toContain(`<img src="data:image/png;base64,${logo.toString('base64')}"`);
    expect(res.body).not.toContain('cid:');
    expect(res.body).not.toContain('/api/v1/mail/attachments/');
    expect(res.headers['content-security-policy']).toContain("img-src 'self' data:;");
  });

  it('matches Content-IDs in any case, survives a cid: that is no percent-encoding, leaves unknown ones blocked', async () => {
    const png = randomBytes(300);
    const gif = randomBytes(200);
    const base64 = (b: Buffer) => b.toString('base64').replace(/.{76}/g, '$&\r\n');
    const raw = [
      'From: office@acme.test',
      'To: anna@example.test',
      'Subject: Картинки в письме',
      'Message-ID: <inline-cases@acme.test>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/related; boundary="rel"',
      '',
      '--rel',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p><img src="cid:Chart@Acme.Test" alt="chart"><img src="cid:50%off" alt="sale">' +
        '<span style="background:url(\'cid:missing@acme.test\')">m</span> cid:chart@acme.test</p>',
      '--rel',
      'Content-Type: image/png',
      'Content-Transfer-Encoding: base64',
      'Content-ID: <CHART@acme.test>',
      '',
      base64(png),
      '--rel',
      'Content-Type: image/gif',
      'Content-Transfer-Encoding: base64',
      'Content-ID: <50%off>',
      '',
      base64(gif),
      '--rel--',
      '',
    ].join('\r\n');
    await deliver('anna', raw);
    await syncOk('anna');
    const letter = await letterBySubject('Картинки в письме');
    expect(letter.attachments.map((a) => [a.contentType, a.isInline])).toEqual([
      ['image/png', true],
      ['image/gif', true],
    ]);
    const res = await t.admin.get(`/api/v1/mail/messages/${letter.id}/html`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain(`<img src="data:image/png;base64,${png.toString('base64')}" alt="chart"`);
    expect(res.body).toContain(`<img src="data:image/gif;base64,${gif.toString('base64')}" alt="sale"`);
    // No such part: left as it is, which the frame's CSP blocks; text that mentions a cid: stays text.
    expect(res.body).toContain("url('cid:missing@acme.test')");
    expect(res.body).toContain('</span> cid:chart@acme.test</p>');
  });

  it('serves an attachment whose stored type is no MIME type as application/octet-stream', async () => {
    const raw = Buffer.from(
      withAttachment({
        subject: 'Странный тип вложения',
        id: 'odd-type@acme.test',
        text: 'Во вложении дело.',
        type: 'application/x-дело',
        name: 'case.bin',
        base64: Buffer.from('case bytes').toString('base64'),
      }),
    );
    await deliver('anna', raw);
    await syncOk('anna');
    const letter = await letterBySubject('Странный тип вложения');
    expect(letter.attachments).toEqual([
      expect.objectContaining({ filename: 'case.bin', contentType: 'application/x-дело' }),
    ]);
    const download = await t.admin.get(`/api/v1/mail/attachments/${letter.attachments[0]!.id}`);
    expect(download.statusCode, download.body).toBe(200);
    expect(download.headers['content-type']).toBe('application/octet-stream');
    expect(download.rawPayload.toString()).toBe('case bytes');
  });

  it('keeps a 30 MB letter within the size limit, with a note naming what was left out', async () => {
    const big = randomBytes(22 * MB)
      .toString('base64')
      .replace(/.{76}/g, '$&\r\n');
    const raw = withAttachment({
      subject: 'Большое вложение',
      id: 'big@acme.test',
      text: 'Смотрите архив во вложении.',
      type: 'application/octet-stream',
      name: 'archive.bin',
      base64: big,
    });
    expect(raw.length).toBeGreaterThan(29 * MB);
    await deliver('anna', raw);
    await syncOk('anna');
    const letter = await letterBySubject('Большое вложение');
    expect(letter.text).toContain('Смотрите архив во вложении.');
    expect(letter.size).toBe(Buffer.byteLength(raw));
    expect(letter.attachments).toEqual([
      expect.objectContaining({ filename: 'archive.bin', size: 22 * MB, isStored: false }),
    ]);
    expect(letter.note).toContain('archive.bin');
    expect(letter.note).toContain('не сохранены');
    const download = await t.admin.get(`/api/v1/mail/attachments/${letter.attachments[0]!.id}`);
    expect(download.statusCode).toBe(410);
  });

  it('shows mailboxes to those with the mail area, and each user their own', async () => {
    const anna = await t.login('anna', 'anna-password-1');
    expect((await anna.get('/api/v1/mail/mailboxes')).statusCode).toBe(403);
    expect((await anna.post(`/api/v1/mail/mailboxes/${users.anna.mailboxId}/sync`)).statusCode).toBe(403);
    const own = await get<MailboxState>('/api/v1/me/mailbox', anna);
    expect(own).toMatchObject({ id: users.anna.mailboxId, user: { id: users.anna.userId }, status: 'ok' });
    const synced = await anna.post('/api/v1/me/mailbox/sync');
    expect(synced.statusCode, synced.body).toBe(200);

    const admin = await get<MailboxState | null>('/api/v1/me/mailbox');
    expect(admin).toBeNull();
    const byEmployee = await get<MailboxState[]>(`/api/v1/mail/mailboxes?employeeId=${own.employeeId}`);
    expect(byEmployee.map((m) => m.id)).toEqual([users.anna.mailboxId]);
    const all = await get<MailboxState[]>('/api/v1/mail/mailboxes');
    expect(all.map((m) => m.account).sort()).toEqual(
      Object.values(MAILBOXES)
        .map((m) => m.email)
        .sort(),
    );
  });

  it('marks a wrong mailbox password auth_failed with backoff, and never logs it', async () => {
    const first = await sync('vera');
    expect(first.status).toBe('auth_failed');
    expect(first.lastError).toMatch(/Authentication failed/i);
    expect(first.failures).toBe(1);
    expect(Date.parse(first.nextAttemptAt!)).toBeGreaterThan(Date.now());
    const second = await sync('vera');
    expect(second).toMatchObject({ status: 'auth_failed', failures: 2 });
    expect(Date.parse(second.nextAttemptAt!)).toBeGreaterThan(Date.parse(first.nextAttemptAt!));
    await expect(t.services.mailboxes.syncNow(users.vera.userId)).rejects.toMatchObject({
      code: 'mailbox_sync_failed',
    });

    const logs = t.logs.join('');
    // The failure is logged (for the operator), without the password.
    expect(logs).toContain('mailbox sync failed');
    for (const secret of [WRONG_PASSWORD, ...Object.values(MAILBOXES).map((m) => m.password)]) {
      expect(logs).not.toContain(secret);
      expect(JSON.stringify(first)).not.toContain(secret);
    }
  });

  it('reports a server that is down as an error, and recovers once it is back', async () => {
    await dovecot.close();
    const down = await sync('anna');
    expect(down.status).toBe('error');
    expect(down.lastError).toBeTruthy();
    expect(Date.parse(down.nextAttemptAt!)).toBeGreaterThan(Date.now());

    // Back, now with TLS (a self-signed certificate, allowed): implicit TLS, then STARTTLS.
    dovecot = await startDovecot({ users: DOVECOT_USERS });
    await configureImap(t, dovecot, { port: dovecot.tlsPort!, security: 'tls' });
    const back = await sync('anna');
    expect(back).toMatchObject({ status: 'ok', failures: 0, lastError: null, nextAttemptAt: null });
    await deliver('anna', eml({ from: 'office@acme.test', subject: 'По STARTTLS' }));
    await configureImap(t, dovecot, { port: dovecot.port, security: 'starttls' });
    expect(await sync('anna')).toMatchObject({ status: 'ok' });
    await letterBySubject('По STARTTLS');
  });

  /** The UIDVALIDITY Dovecot gives a folder of gleb's. */
  async function uidValidity(folder: string): Promise<bigint> {
    return imap(async (c) => {
      const status = await c.status(folder, { uidValidity: true });
      if (!status || status.uidValidity === undefined) throw new Error(`no status of ${folder}`);
      return status.uidValidity;
    });
  }

  async function imap<T>(fn: (c: ImapFlow) => Promise<T>): Promise<T> {
    const client = new ImapFlow({
      host: dovecot.host,
      port: dovecot.port,
      secure: false,
      doSTARTTLS: false,
      auth: { user: MAILBOXES.gleb.email, pass: MAILBOXES.gleb.password },
      logger: false,
    });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.logout().catch(() => undefined);
    }
  }
});

describe('the mailbox job', () => {
  let t: TestApp;
  let dovecot: DovecotPeer;

  beforeAll(async () => {
    [t, dovecot] = await Promise.all([
      createTestApp({ mailPollSeconds: 5 }, { jobs: true }),
      startDovecot({ users: DOVECOT_USERS, ssl: false }),
    ]);
  });
  afterAll(async () => {
    await t?.close();
    await dovecot?.close();
  });

  it('leaves mailboxes idle with a clear error while no IMAP server is set, then fetches mail by itself', async () => {
    const { mailboxId } = await mailUser(t, 'anna');
    const waitFor = async (check: (m: MailboxState) => boolean): Promise<MailboxState> => {
      for (;;) {
        const [m] = (await t.admin.get(`/api/v1/mail/mailboxes`)).json<MailboxState[]>();
        if (m && m.id === mailboxId && check(m)) return m;
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    const idle = await waitFor((m) => m.lastError !== null);
    expect(idle.status).toBe('idle');
    expect(idle.lastError).toContain('IMAP');

    await configureImap(t, dovecot);
    const login = { login: MAILBOXES.anna.email, password: MAILBOXES.anna.password };
    await appendMessage(dovecot, login, eml({ from: 'a@b.test', subject: 'Первое', id: 'job-1@b.test' }));
    await waitFor((m) => m.status === 'ok' && m.messageCount === 1);
    // Delivered while the job keeps the connection open (idling on INBOX).
    await appendMessage(dovecot, login, eml({ from: 'a@b.test', subject: 'Второе', id: 'job-2@b.test' }));
    const done = await waitFor((m) => m.messageCount === 2);
    expect(done.status).toBe('ok');
  }, 60_000);
});
