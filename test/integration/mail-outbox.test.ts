import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simpleParser, type ParsedMail } from 'mailparser';
import { createTestApp, type Client, type TestApp } from '../support/app.js';
import { startSmtpServer, type SmtpPeer } from '../support/mail-peers.js';
import { fieldErrors } from '../support/access.js';
import { OutboxService } from '../../src/server/modules/mail/outbox.service.js';

/**
 * «Написать письмо» and the outbox, through the HTTP API, against a real SMTP server (smtp-server
 * in-process): what reaches the server, the letter's status, its event, retries and failures.
 * The outbox worker is driven with runOnce (its clock given to look at a later moment) except in
 * the last test, where it runs as under `kartoteka serve`.
 */

const EMAIL = 'petrov@corp.test';
const PASSWORD = 'Out-Mbx-7qZr!p';
const EMAIL2 = 'sidorova@corp.test';
const PASSWORD2 = 'Out-Mbx-2Lw#kk';
const WRONG_PASSWORD2 = 'Not-Her-Pa55?x';
const EMAIL3 = 'lev@corp.test';
const PASSWORD3 = 'Out-Mbx-3Jn$tt';
const USERS = { [EMAIL]: PASSWORD, [EMAIL2]: PASSWORD2, [EMAIL3]: PASSWORD3 };

interface Address {
  address: string;
  name: string;
}
interface Letter {
  id: number;
  direction: 'in' | 'out';
  status: 'queued' | 'sending' | 'sent' | 'failed' | 'received';
  subject: string;
  from: Address;
  to: Address[];
  cc: Address[];
  bcc: Address[];
  event: { id: number; number: string } | null;
  client: { id: number; name: string } | null;
  contact: { id: number; name: string } | null;
  taskId: number | null;
  threadId: number | null;
  messageId: string;
  inReplyTo: string | null;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  smtpResponse: string | null;
  attachments: { filename: string; size: number }[];
  text: string;
}

describe('outgoing mail: the outbox', () => {
  let t: TestApp;
  let peer: SmtpPeer;
  let writer: Client;
  let client: { id: number; name: string; contacts: { id: number; name: string }[] };
  let projectId: number;
  let taskId: number;

  const configureSmtp = async (target: SmtpPeer) => {
    const res = await t.admin.put('/api/v1/admin/mail-servers', {
      smtp: { host: target.host, port: target.port, security: target.security },
      imap: { host: null, port: null, security: 'tls' },
      allowSelfSigned: false,
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  /** An employee with a mailbox and a user linked to it (default role: sees and changes all documents). */
  const mailUser = async (
    login: string,
    email: string,
    mailboxPassword: string | null,
    roleIds?: number[],
  ) => {
    const emp = await t.admin.post('/api/v1/employees', {
      fullName: `Работник ${login}`,
      email,
      mailboxPassword,
    });
    expect(emp.statusCode, emp.body).toBe(201);
    const user = await t.admin.post('/api/v1/users', {
      login,
      fullName: `Пользователь ${login}`,
      password: `${login}-password-1`,
      employeeId: emp.json<{ id: number }>().id,
      ...(roleIds && { roleIds }),
    });
    expect(user.statusCode, user.body).toBe(201);
    return { id: user.json<{ id: number }>().id, client: await t.login(login, `${login}-password-1`) };
  };
  const compose = async (c: Client, body: Record<string, unknown>): Promise<Letter> => {
    const res = await c.post('/api/v1/mail/messages', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Letter>();
  };
  const letter = async (id: number, c: Client = writer): Promise<Letter> => {
    const res = await c.get(`/api/v1/mail/messages/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Letter>();
  };
  const receivedWith = async (messageId: string): Promise<ParsedMail[]> => {
    const parsed = await Promise.all(peer.received.map((m) => simpleParser(m.raw)));
    return parsed.filter((p) => p.messageId === `<${messageId}>`);
  };

  beforeAll(async () => {
    t = await createTestApp();
    peer = await startSmtpServer({ users: USERS });
    await configureSmtp(peer);
    writer = (await mailUser('petrov', EMAIL, PASSWORD)).client;
    const c = await t.admin.post('/api/v1/clients', {
      name: 'ООО «Ромашка»',
      emails: ['office@romashka.test'],
      contacts: [{ name: 'Анна Смирнова', emails: ['anna@romashka.test'] }],
    });
    expect(c.statusCode, c.body).toBe(201);
    client = c.json();
    const p = await t.admin.post('/api/v1/projects', {
      name: 'Поставка',
      kind: 'external',
      clientId: client.id,
    });
    expect(p.statusCode, p.body).toBe(201);
    projectId = p.json<{ id: number }>().id;
    const task = await t.admin.post('/api/v1/tasks', { title: 'Отправить договор', projectId });
    expect(task.statusCode, task.body).toBe(201);
    taskId = task.json<{ id: number }>().id;
  });

  afterAll(async () => {
    await t?.close();
    await peer?.close();
  });

  it('sends a letter written from a task as the employee; it becomes a done outgoing e-mail event', async () => {
    const bytes = randomBytes(3000);
    const queued = await compose(writer, {
      to: ['Anna@Romashka.test'],
      cc: ['office@romashka.test'],
      bcc: ['boss@corp.test'],
      subject: 'Договор на поставку',
      html: '<p>Добрый день, <b>Анна</b>!</p><script>alert(1)</script><p>Договор во вложении.</p>',
      clientId: client.id,
      contactId: client.contacts[0]!.id,
      taskId,
      attachments: [
        {
          filename: 'договор.bin',
          contentType: 'application/octet-stream',
          contentBase64: bytes.toString('base64'),
        },
      ],
    });
    expect(queued).toMatchObject({
      direction: 'out',
      status: 'queued',
      subject: 'Договор на поставку',
      from: { address: EMAIL, name: 'Работник petrov' },
      to: [{ address: 'anna@romashka.test', name: 'Анна Смирнова' }],
      cc: [{ address: 'office@romashka.test', name: 'ООО «Ромашка»' }],
      bcc: [{ address: 'boss@corp.test', name: '' }],
      client: { id: client.id },
      contact: { id: client.contacts[0]!.id },
      taskId,
      attempts: 0,
      attachments: [{ filename: 'договор.bin', size: 3000 }],
    });
    expect(queued.threadId).toBe(queued.id);
    expect(queued.messageId).toMatch(/^[^<>\s]+@corp\.test$/);
    expect(queued.text).toContain('Добрый день, Анна!');
    const plannedEvent = await writer.get(`/api/v1/events/${queued.event!.id}`);
    expect(plannedEvent.json()).toMatchObject({ status: 'planned', type: { code: 'outgoing_email' } });

    expect(await t.services.outbox.runOnce()).toEqual({ sent: 1, failed: 0, retried: 0 });
    expect(peer.received).toHaveLength(1);
    const wire = peer.received[0]!;
    expect(wire.user).toBe(EMAIL);
    expect(wire.from).toBe(EMAIL);
    expect(wire.to.sort()).toEqual(['anna@romashka.test', 'boss@corp.test', 'office@romashka.test']);
    const mail = await simpleParser(wire.raw);
    expect(mail.messageId).toBe(`<${queued.messageId}>`);
    expect(mail.subject).toBe('Договор на поставку');
    expect(mail.html).toContain('<b>Анна</b>');
    expect(mail.html).not.toContain('script');
    expect(mail.text).toContain('Добрый день, Анна!');
    expect(mail.headers.has('bcc')).toBe(false);
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]!.filename).toBe('договор.bin');
    expect(Buffer.compare(mail.attachments[0]!.content, bytes)).toBe(0);

    const sent = await letter(queued.id);
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, lastError: null, nextAttemptAt: null });
    expect(sent.smtpResponse).toMatch(/^250/);
    const event = (await writer.get(`/api/v1/events/${queued.event!.id}`)).json();
    expect(event).toMatchObject({
      status: 'done',
      type: { code: 'outgoing_email' },
      subject: 'Договор на поставку',
      client: { id: client.id },
      contact: { id: client.contacts[0]!.id },
      project: { id: projectId },
    });
    for (const query of [`clientId=${client.id}`, `projectId=${projectId}`, `taskId=${taskId}`]) {
      const list = await writer.get(`/api/v1/mail/messages?${query}`);
      expect(list.statusCode, list.body).toBe(200);
      expect(list.json<{ items: Letter[] }>().items.map((l) => l.id)).toContain(queued.id);
    }
  });

  it('a temporary refusal keeps the letter queued with a growing delay until the server accepts it', async () => {
    peer.mode = 'temporary';
    const queued = await compose(writer, {
      to: ['anna@romashka.test'],
      subject: 'Временный отказ',
      clientId: client.id,
    });
    const before = Date.now();
    expect(await t.services.outbox.runOnce()).toEqual({ sent: 0, failed: 0, retried: 1 });
    let l = await letter(queued.id);
    expect(l).toMatchObject({ status: 'queued', attempts: 1 });
    expect(l.lastError).toContain('451');
    const first = Date.parse(l.nextAttemptAt!);
    expect(first).toBeGreaterThanOrEqual(before + 30_000);

    // Not due yet: nothing happens now.
    expect(await t.services.outbox.runOnce()).toEqual({ sent: 0, failed: 0, retried: 0 });
    // Due at its time: refused again, the delay doubles.
    expect(await t.services.outbox.runOnce({ now: new Date(first) })).toEqual({
      sent: 0,
      failed: 0,
      retried: 1,
    });
    l = await letter(queued.id);
    expect(l).toMatchObject({ status: 'queued', attempts: 2 });
    expect(Date.parse(l.nextAttemptAt!)).toBe(first + 60_000);

    peer.mode = 'accept';
    expect(await t.services.outbox.runOnce({ now: new Date(l.nextAttemptAt!) })).toEqual({
      sent: 1,
      failed: 0,
      retried: 0,
    });
    l = await letter(queued.id);
    expect(l).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
    expect(await receivedWith(queued.messageId)).toHaveLength(1);
  });

  it('gives up after 8 temporary refusals', async () => {
    peer.mode = 'temporary';
    const queued = await compose(writer, { to: ['anna@romashka.test'], subject: 'Восемь попыток' });
    let now = new Date();
    for (let attempt = 1; attempt <= 8; attempt++) {
      const result = await t.services.outbox.runOnce({ now });
      expect(result).toEqual(
        attempt < 8 ? { sent: 0, failed: 0, retried: 1 } : { sent: 0, failed: 1, retried: 0 },
      );
      const l = await letter(queued.id);
      expect(l.attempts).toBe(attempt);
      if (attempt < 8) now = new Date(l.nextAttemptAt!);
    }
    peer.mode = 'accept';
    const failed = await letter(queued.id);
    expect(failed).toMatchObject({ status: 'failed', nextAttemptAt: null });
    expect(failed.lastError).toContain('451');
    // The longest delay is an hour.
    expect(await t.services.outbox.runOnce({ now: new Date(now.getTime() + 86_400_000) })).toEqual({
      sent: 0,
      failed: 0,
      retried: 0,
    });
  });

  it('a permanent refusal fails the letter with the reply; retry queues it again', async () => {
    peer.mode = 'permanent';
    const queued = await compose(writer, { to: ['anna@romashka.test'], subject: 'Постоянный отказ' });
    expect(await t.services.outbox.runOnce()).toEqual({ sent: 0, failed: 1, retried: 0 });
    const failed = await letter(queued.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, nextAttemptAt: null });
    expect(failed.lastError).toContain('550');
    expect(failed.lastError).toContain('Mailbox unavailable');
    const event = (await writer.get(`/api/v1/events/${queued.event!.id}`)).json<{ status: string }>();
    expect(event.status).toBe('planned');

    peer.mode = 'accept';
    const retried = await writer.post(`/api/v1/mail/messages/${queued.id}/retry`);
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json()).toMatchObject({ status: 'queued', attempts: 0 });
    expect(await t.services.outbox.runOnce()).toEqual({ sent: 1, failed: 0, retried: 0 });
    expect(await letter(queued.id)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await receivedWith(queued.messageId)).toHaveLength(1);

    const again = await writer.post(`/api/v1/mail/messages/${queued.id}/retry`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('mail_not_failed');
    expect((await writer.post('/api/v1/mail/messages/987654321/retry')).statusCode).toBe(404);
  });

  it('a wrong mailbox password fails the letter with the 535 reply, and no password reaches the logs', async () => {
    const sidorova = await mailUser('sidorova', EMAIL2, WRONG_PASSWORD2);
    const queued = await compose(sidorova.client, { to: ['anna@romashka.test'], subject: 'Неверный пароль' });
    expect(await t.services.outbox.runOnce()).toEqual({ sent: 0, failed: 1, retried: 0 });
    const failed = await letter(queued.id, sidorova.client);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed.lastError).toContain('535');
    expect(peer.authAttempts).toContainEqual({ username: EMAIL2, ok: false });
    expect(await receivedWith(queued.messageId)).toHaveLength(0);
    const logs = t.logs.join('\n');
    expect(logs).toContain('535');
    for (const secret of [WRONG_PASSWORD2, PASSWORD2, PASSWORD, PASSWORD3])
      expect(logs).not.toContain(secret);
  });

  it('with the server down the letter waits in the queue, then goes once it is back', async () => {
    const down = await startSmtpServer({ users: USERS });
    await configureSmtp(down);
    await down.close();
    const queued = await compose(writer, { to: ['anna@romashka.test'], subject: 'Сервер недоступен' });
    expect(await t.services.outbox.runOnce()).toEqual({ sent: 0, failed: 0, retried: 1 });
    const waiting = await letter(queued.id);
    expect(waiting).toMatchObject({ status: 'queued', attempts: 1 });
    expect(waiting.lastError).toMatch(/ECONNREFUSED|connect/i);

    await configureSmtp(peer);
    expect(await t.services.outbox.runOnce({ now: new Date(waiting.nextAttemptAt!) })).toEqual({
      sent: 1,
      failed: 0,
      retried: 0,
    });
    expect(await letter(queued.id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(await receivedWith(queued.messageId)).toHaveLength(1);
  });

  it('a reply carries In-Reply-To and References and joins the conversation and its client', async () => {
    const first = await compose(writer, {
      to: ['anna@romashka.test'],
      subject: 'Вопрос',
      html: '<p>Первое</p>',
      clientId: client.id,
      projectId,
    });
    const reply = await compose(writer, {
      to: ['anna@romashka.test'],
      subject: 'Re: Вопрос',
      replyToId: first.id,
    });
    const second = await compose(writer, {
      to: ['anna@romashka.test'],
      subject: 'Re: Re: Вопрос',
      replyToId: reply.id,
    });
    expect(reply).toMatchObject({
      threadId: first.id,
      inReplyTo: first.messageId,
      client: { id: client.id },
    });
    expect(second).toMatchObject({ threadId: first.id, inReplyTo: reply.messageId });
    const replyEvent = (await writer.get(`/api/v1/events/${reply.event!.id}`)).json();
    expect(replyEvent).toMatchObject({ client: { id: client.id }, project: { id: projectId } });

    expect(await t.services.outbox.runOnce()).toEqual({ sent: 3, failed: 0, retried: 0 });
    const [wireFirst] = await receivedWith(first.messageId);
    const [wireReply] = await receivedWith(reply.messageId);
    const [wireSecond] = await receivedWith(second.messageId);
    expect(wireFirst!.inReplyTo).toBeUndefined();
    expect(wireReply!.inReplyTo).toBe(`<${first.messageId}>`);
    expect(wireReply!.references).toBe(`<${first.messageId}>`);
    expect(wireSecond!.inReplyTo).toBe(`<${reply.messageId}>`);
    expect(wireSecond!.references).toEqual([`<${first.messageId}>`, `<${reply.messageId}>`]);

    const thread = await writer.get(`/api/v1/mail/messages/${second.id}/thread`);
    expect(thread.statusCode, thread.body).toBe(200);
    expect(thread.json<Letter[]>().map((l) => l.id)).toEqual([first.id, reply.id, second.id]);
    const unknown = await writer.post('/api/v1/mail/messages', {
      to: ['a@b.test'],
      subject: 'x',
      replyToId: 987654321,
    });
    expect(unknown.statusCode, unknown.body).toBe(400);
    expect(
      unknown.json<{ error: { details: { fields: { path: string }[] } } }>().error.details.fields,
    ).toEqual([expect.objectContaining({ path: 'replyToId', code: 'mail_link_unknown' })]);
  });

  it('refuses bad input field by field, before anything is stored', async () => {
    const before = (await writer.get(`/api/v1/mail/messages?clientId=${client.id}&limit=100`)).json<{
      items: [];
    }>().items.length;
    const badAddress = await writer.post('/api/v1/mail/messages', {
      to: ['anna@romashka.test', 'not-an-address'],
      subject: 'Ошибка',
      clientId: client.id,
    });
    expect(fieldErrors(badAddress, 400).map(([path]) => path)).toEqual(['to.1']);
    const noRecipient = await writer.post('/api/v1/mail/messages', { to: [], subject: '' });
    expect(
      fieldErrors(noRecipient, 400)
        .map(([path]) => path)
        .sort(),
    ).toEqual(['subject', 'to']);
    const badBase64 = await writer.post('/api/v1/mail/messages', {
      to: ['anna@romashka.test'],
      subject: 'Вложение',
      clientId: client.id,
      attachments: [
        { filename: 'ok.txt', contentBase64: Buffer.from('ok').toString('base64') },
        { filename: 'bad.txt', contentBase64: 'это не base64' },
      ],
    });
    expect(fieldErrors(badBase64, 400)).toEqual([['attachments.1.contentBase64', 'mail_attachment_base64']]);
    const after = (await writer.get(`/api/v1/mail/messages?clientId=${client.id}&limit=100`)).json<{
      items: [];
    }>().items.length;
    expect(after).toBe(before);
  });

  it('needs a mailbox of the user and the SMTP server', async () => {
    // The administrator has no employee.
    const admin = await t.admin.post('/api/v1/mail/messages', {
      to: ['anna@romashka.test'],
      subject: 'Без ящика',
    });
    expect(admin.statusCode).toBe(409);
    expect(admin.json().error.code).toBe('mail_no_mailbox');
    const nopass = await mailUser('nopass', 'nopass@corp.test', null);
    const res = await nopass.client.post('/api/v1/mail/messages', {
      to: ['anna@romashka.test'],
      subject: 'Без пароля',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('mail_no_mailbox');

    const off = await t.admin.put('/api/v1/admin/mail-servers', {
      smtp: { host: null, port: null, security: 'none' },
      imap: { host: null, port: null, security: 'tls' },
      allowSelfSigned: false,
    });
    expect(off.statusCode, off.body).toBe(200);
    const noServer = await writer.post('/api/v1/mail/messages', {
      to: ['anna@romashka.test'],
      subject: 'Без сервера',
    });
    expect(noServer.statusCode).toBe(409);
    expect(noServer.json().error.code).toBe('mail_server_not_configured');
    await configureSmtp(peer);
  });

  it('suggests the client’s addresses; a client the user may not read is not found', async () => {
    const suggestions = await writer.get(`/api/v1/mail/recipients?clientId=${client.id}`);
    expect(suggestions.statusCode, suggestions.body).toBe(200);
    expect(suggestions.json()).toEqual([
      { address: 'office@romashka.test', name: 'ООО «Ромашка»', clientId: client.id, contactId: null },
      {
        address: 'anna@romashka.test',
        name: 'Анна Смирнова',
        clientId: client.id,
        contactId: client.contacts[0]!.id,
      },
    ]);
    expect((await writer.get(`/api/v1/mail/recipients?taskId=${taskId}`)).json()).toEqual(suggestions.json());
    expect((await writer.get(`/api/v1/mail/recipients?projectId=${projectId}`)).json()).toEqual(
      suggestions.json(),
    );
    expect((await writer.get('/api/v1/mail/recipients')).json()).toEqual([]);

    // Лев may write events but sees only his own clients.
    const lev = await mailUser('lev', EMAIL3, PASSWORD3, []);
    const journals = (await t.admin.get('/api/v1/settings/journals')).json<{ id: number; code: string }[]>();
    const grant = await t.admin.put(`/api/v1/access/user/${lev.id}`, {
      permissions: { events: { read: 'all', create: 'all', edit: 'all' }, clients: { read: 'own' } },
      journals: [{ journalId: journals.find((j) => j.code === 'events')!.id, mode: 'write' }],
    });
    expect(grant.statusCode, grant.body).toBe(200);
    const hidden = await lev.client.post('/api/v1/mail/messages', {
      to: ['anna@romashka.test'],
      subject: 'Чужой клиент',
      clientId: client.id,
    });
    // Refused as unknown on its field, like a card file's link to a hidden document.
    expect(hidden.statusCode, hidden.body).toBe(400);
    expect(hidden.body).toContain('"path":"clientId"');
    expect(hidden.body).not.toContain('Ромашка');
    expect((await lev.client.get(`/api/v1/mail/recipients?clientId=${client.id}`)).statusCode).toBe(404);
    // Without a client he may write.
    const own = await compose(lev.client, { to: ['anna@romashka.test'], subject: 'Без клиента' });
    expect(own.client).toBeNull();
    expect(await t.services.outbox.runOnce()).toEqual({ sent: 1, failed: 0, retried: 0 });
    expect((await receivedWith(own.messageId))[0]).toBeDefined();
    expect(peer.received.at(-1)!.user).toBe(EMAIL3);
  });

  it('two workers on one database never send the same letter', async () => {
    const letters = [];
    for (let i = 0; i < 12; i++)
      letters.push(
        await compose(writer, { to: ['anna@romashka.test'], subject: `Пачка ${i}`, clientId: client.id }),
      );
    // Another process's outbox: the same database, a worker of its own.
    const other = new OutboxService(t.ctx, t.services);
    const results = await Promise.all([t.services.outbox.runOnce(), other.runOnce()]);
    expect(results.reduce((sum, r) => sum + r.sent, 0)).toBe(12);
    for (const l of letters) expect(await receivedWith(l.messageId)).toHaveLength(1);
  });

  it('as a background job, a new letter is sent without waiting for the poll', async () => {
    const count = peer.received.length;
    t.services.outbox.start();
    try {
      const queued = await compose(writer, {
        to: ['anna@romashka.test'],
        subject: 'Сразу',
        clientId: client.id,
      });
      await peer.waitFor(count + 1);
      let l = await letter(queued.id);
      for (let i = 0; i < 100 && l.status !== 'sent'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        l = await letter(queued.id);
      }
      expect(l.status).toBe('sent');
      expect(await receivedWith(queued.messageId)).toHaveLength(1);
    } finally {
      await t.services.outbox.stop();
    }
  });

  it('a server that takes a letter for some recipients only: sent, the refused ones named; refused by all: failed', async () => {
    const picky = await startSmtpServer({
      users: USERS,
      refuseRecipients: ['gone@romashka.test', 'old@romashka.test'],
    });
    try {
      await configureSmtp(picky);
      const partly = await compose(writer, {
        to: ['anna@romashka.test', 'gone@romashka.test'],
        cc: ['old@romashka.test'],
        subject: 'Не всем адресатам',
        clientId: client.id,
      });
      expect(await t.services.outbox.runOnce()).toEqual({ sent: 1, failed: 0, retried: 0 });
      expect(picky.received.map((m) => m.to)).toEqual([['anna@romashka.test']]);
      const sent = await letter(partly.id);
      expect(sent).toMatchObject({ status: 'sent', attempts: 1, nextAttemptAt: null });
      expect(sent.smtpResponse).toMatch(/^250/);
      expect(sent.lastError).toContain('<gone@romashka.test>: 550');
      expect(sent.lastError).toContain('<old@romashka.test>: 550');
      expect(sent.lastError).not.toContain('anna@romashka.test');
      const event = (await writer.get(`/api/v1/events/${partly.event!.id}`)).json<{ status: string }>();
      expect(event.status).toBe('done');

      const nobody = await compose(writer, {
        to: ['gone@romashka.test'],
        cc: ['old@romashka.test'],
        subject: 'Никому',
      });
      expect(await t.services.outbox.runOnce()).toEqual({ sent: 0, failed: 1, retried: 0 });
      const failed = await letter(nobody.id);
      expect(failed).toMatchObject({ status: 'failed', attempts: 1, smtpResponse: null });
      expect(failed.lastError).toContain('<gone@romashka.test>: 550');
      expect(failed.lastError).toContain('<old@romashka.test>: 550');
      expect(picky.received).toHaveLength(1);
    } finally {
      await configureSmtp(peer);
      await picky.close();
    }
  });

  it('takes attachment types as type/subtype only, multipart ones refused', async () => {
    const file = { filename: 'a.txt', contentBase64: Buffer.from('a').toString('base64') };
    const bad = await writer.post('/api/v1/mail/messages', {
      to: ['anna@romashka.test'],
      subject: 'Типы вложений',
      attachments: [
        { ...file, contentType: 'multipart/mixed' },
        { ...file, contentType: 'image/пнг' },
        { ...file, contentType: 'text/plain; charset=utf-8' },
        { ...file, contentType: 'text' },
        { ...file, contentType: 'text/csv' },
      ],
    });
    expect(fieldErrors(bad, 400)).toEqual([
      ['attachments.0.contentType', 'invalid_format'],
      ['attachments.1.contentType', 'invalid_format'],
      ['attachments.2.contentType', 'invalid_format'],
      ['attachments.3.contentType', 'invalid_format'],
    ]);
    const good = await compose(writer, {
      to: ['anna@romashka.test'],
      subject: 'Типы вложений',
      attachments: [
        { ...file, contentType: 'Text/CSV' },
        { ...file, filename: 'b.bin', contentType: '' },
        { ...file, filename: 'c.bin' },
      ],
    });
    const res = await writer.get(`/api/v1/mail/messages/${good.id}`);
    expect(
      res.json<{ attachments: { contentType: string }[] }>().attachments.map((a) => a.contentType),
    ).toEqual(['text/csv', 'application/octet-stream', 'application/octet-stream']);
    expect(await t.services.outbox.runOnce()).toEqual({ sent: 1, failed: 0, retried: 0 });
    const [wire] = await receivedWith(good.messageId);
    expect(wire!.attachments.map((a) => a.contentType)).toEqual([
      'text/csv',
      'application/octet-stream',
      'application/octet-stream',
    ]);
  });

  it('notices remote images in CSS url() with the quotes sanitize-html writes as entities', async () => {
    const queued = await compose(writer, {
      to: ['anna@romashka.test'],
      subject: 'Фон из сети',
      html: `<div style='background:url("https://img.example.net/bg.png")'>Фон</div>`,
    });
    const res = await writer.get(`/api/v1/mail/messages/${queued.id}`);
    expect(res.json()).toMatchObject({ hasHtml: true, hasRemoteImages: true });
    const html = await writer.get(`/api/v1/mail/messages/${queued.id}/html`);
    expect(html.body).toContain('url(&quot;https://img.example.net/bg.png&quot;)');
    expect(html.headers['content-security-policy']).toContain("img-src 'self' data:;");
    const allowed = await writer.get(`/api/v1/mail/messages/${queued.id}/html?images=1`);
    expect(allowed.headers['content-security-policy']).toContain('https:');
    expect(await t.services.outbox.runOnce()).toEqual({ sent: 1, failed: 0, retried: 0 });
  });

  it('a claim is stamped when taken and kept while sending; another process requeues only a dead one’s', async () => {
    // A server that takes the connection and never greets: the first process waits on it.
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as net.AddressInfo).port;
      const res = await t.admin.put('/api/v1/admin/mail-servers', {
        smtp: { host: '127.0.0.1', port, security: 'none' },
        imap: { host: null, port: null, security: 'tls' },
        allowSelfSigned: false,
      });
      expect(res.statusCode, res.body).toBe(200);
      const queued = await compose(writer, { to: ['anna@romashka.test'], subject: 'Долгая отправка' });
      const first = new OutboxService(t.ctx, t.services);
      const stuck = first.runOnce();
      while (sockets.size === 0) await new Promise((r) => setTimeout(r, 20));
      expect(await letter(queued.id)).toMatchObject({ status: 'sending', attempts: 1 });
      await configureSmtp(peer);

      // Six minutes on the letter is still the first process's.
      expect(await t.services.outbox.runOnce({ now: new Date(Date.now() + 6 * 60_000) })).toEqual({
        sent: 0,
        failed: 0,
        retried: 0,
      });
      expect(await letter(queued.id)).toMatchObject({ status: 'sending', attempts: 1 });
      // An hour on its process is taken for dead: queued again and sent.
      expect(await t.services.outbox.runOnce({ now: new Date(Date.now() + 3_600_000) })).toEqual({
        sent: 1,
        failed: 0,
        retried: 0,
      });
      // The first process's send ends at last (the server hangs up and is gone): it leaves the letter alone.
      const closed = new Promise((resolve) => silent.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
      expect(await stuck).toEqual({ sent: 0, failed: 0, retried: 0 });
      expect(await letter(queued.id)).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
      expect(await receivedWith(queued.messageId)).toHaveLength(1);
    } finally {
      for (const socket of sockets) socket.destroy();
      if (silent.listening) await new Promise((resolve) => silent.close(resolve));
      await configureSmtp(peer);
    }
  });
});
