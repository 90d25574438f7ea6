import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client as HttpClient, type TestApp } from '../support/app.js';
import { fieldErrors, grantAccess, rightlessUser } from '../support/access.js';
import { startSmtpServer, type SmtpPeer } from '../support/mail-peers.js';
import type { MailMessage, MailPage } from '../../src/shared/schemas/mail.js';

/**
 * Who may read a letter is who may read its event: every letter route (list, letter, HTML,
 * thread, attachment, retry) answers for hidden letters exactly as for missing ones, and lists
 * hold only visible letters. (The generated access matrix leaves /api/v1/mail/ to this file:
 * its ids are letters', not documents'.)
 */
describe('mail access', () => {
  let t: TestApp;
  let smtp: SmtpPeer;
  let clientA: number;
  let clientB: number;
  let letterA: MailMessage;
  let letterB: MailMessage;
  const MISSING = 987654321;

  const compose = async (as: HttpClient, body: Record<string, unknown>) => {
    const res = await as.post('/api/v1/mail/messages', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<MailMessage>();
  };
  const ids = async (as: HttpClient, query = '') => {
    const res = await as.get(`/api/v1/mail/messages?limit=100${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res
      .json<MailPage>()
      .items.map((m) => m.id)
      .sort((a, b) => a - b);
  };
  /** Every read route of one letter: status codes and, for 404, the body a missing letter gets. */
  const readAll = async (as: HttpClient, letter: MailMessage) => {
    const attachmentId = letter.attachments[0]!.id;
    const urls = [
      `/api/v1/mail/messages/${letter.id}`,
      `/api/v1/mail/messages/${letter.id}/html`,
      `/api/v1/mail/messages/${letter.id}/thread`,
      `/api/v1/mail/attachments/${attachmentId}`,
    ];
    return Promise.all(urls.map((u) => as.get(u)));
  };

  beforeAll(async () => {
    t = await createTestApp();
    smtp = await startSmtpServer({ users: { 'sender@firm.test': 'mailbox-pw' } });
    const employee = await t.admin.post('/api/v1/employees', {
      fullName: 'Отправитель',
      email: 'sender@firm.test',
      mailboxPassword: 'mailbox-pw',
    });
    expect(employee.statusCode, employee.body).toBe(201);
    const me = (await t.admin.get('/api/v1/me')).json<{ id: number }>();
    const linked = await t.admin.patch(`/api/v1/users/${me.id}`, {
      employeeId: employee.json<{ id: number }>().id,
    });
    expect(linked.statusCode, linked.body).toBe(200);
    const servers = await t.admin.put('/api/v1/admin/mail-servers', {
      smtp: { host: smtp.host, port: smtp.port, security: 'none' },
      imap: { host: null, port: null, security: 'none' },
    });
    expect(servers.statusCode, servers.body).toBe(200);
    const client = async (name: string, email: string) => {
      const res = await t.admin.post('/api/v1/clients', { name, emails: [email] });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ id: number }>().id;
    };
    clientA = await client('Клиент А', 'a@client.test');
    clientB = await client('Клиент Б', 'b@client.test');
    const attachment = {
      filename: 'счёт.txt',
      contentType: 'text/plain',
      contentBase64: Buffer.from('сумма 100').toString('base64'),
    };
    letterA = await compose(t.admin, {
      to: ['a@client.test'],
      subject: 'Письмо А',
      html: '<p>А</p>',
      clientId: clientA,
      attachments: [attachment],
    });
    letterB = await compose(t.admin, {
      to: ['b@client.test'],
      subject: 'Письмо Б',
      html: '<p>Б</p>',
      clientId: clientB,
      attachments: [attachment],
    });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('a user who may read every event sees every letter through every route', async () => {
    const olga = await rightlessUser(t, 'olga', 'Ольга');
    const all = (await t.admin.get('/api/v1/settings/journals')).json<{ id: number; code: string }[]>();
    await grantAccess(t, olga.id, {
      permissions: { events: { read: 'all' }, clients: { read: 'all' } },
      journals: [{ journalId: all.find((j) => j.code === 'events')!.id, mode: 'read' }],
    });
    expect(await ids(olga.client)).toEqual([letterA.id, letterB.id]);
    expect(await ids(olga.client, `&clientId=${clientA}`)).toEqual([letterA.id]);
    for (const res of await readAll(olga.client, letterA)) expect(res.statusCode, res.body).toBe(200);
  });

  it('hidden letters answer like missing ones on every route and are left out of lists', async () => {
    const petr = await rightlessUser(t, 'petr', 'Пётр');
    await grantAccess(t, petr.id, { permissions: { clients: { read: 'all' } } });
    expect(await ids(petr.client)).toEqual([]);
    // The client is readable, its letters' events are not.
    expect(await ids(petr.client, `&clientId=${clientA}`)).toEqual([]);
    const missing = await petr.client.get(`/api/v1/mail/messages/${MISSING}`);
    expect(missing.statusCode).toBe(404);
    for (const res of await readAll(petr.client, letterA)) {
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual(missing.json());
    }
    const missingAttachment = await petr.client.get(`/api/v1/mail/attachments/${MISSING}`);
    expect(missingAttachment.json()).toEqual(missing.json());
  });

  it('being named on the event (a participant) shows that letter and no other', async () => {
    const ivan = await rightlessUser(t, 'ivan', 'Иван');
    const added = await t.admin.patch(`/api/v1/events/${letterA.event!.id}`, { participantIds: [ivan.id] });
    expect(added.statusCode, added.body).toBe(200);
    expect(await ids(ivan.client)).toEqual([letterA.id]);
    for (const res of await readAll(ivan.client, letterA)) expect(res.statusCode, res.body).toBe(200);
    for (const res of await readAll(ivan.client, letterB)) expect(res.statusCode).toBe(404);
    // The thread holds only what the user may see.
    const thread = await ivan.client.get(`/api/v1/mail/messages/${letterA.id}/thread`);
    expect(thread.json<{ id: number }[]>().map((m) => m.id)).toEqual([letterA.id]);
  });

  it('a list by a client the user may not read answers 404', async () => {
    const nina = await rightlessUser(t, 'nina', 'Нина');
    const res = await nina.client.get(`/api/v1/mail/messages?clientId=${clientA}`);
    expect(res.statusCode).toBe(404);
  });

  it('writing a letter needs the right to create events; a hidden client is unknown', async () => {
    const oleg = await rightlessUser(t, 'oleg', 'Олег', 'Продажи');
    const user = (await t.admin.get(`/api/v1/users/${oleg.id}`)).json<{ employee: { id: number } }>();
    const mailbox = await t.admin.patch(`/api/v1/employees/${user.employee.id}`, {
      email: 'oleg@firm.test',
      mailboxPassword: 'oleg-mailbox-pw',
    });
    expect(mailbox.statusCode, mailbox.body).toBe(200);
    const body = { to: ['a@client.test'], subject: 'Без права', clientId: clientA };
    expect((await oleg.client.post('/api/v1/mail/messages', body)).statusCode).toBe(403);
    const all = (await t.admin.get('/api/v1/settings/journals')).json<{ id: number; code: string }[]>();
    await grantAccess(t, oleg.id, {
      permissions: { events: { read: 'own', create: 'own' } },
      journals: [{ journalId: all.find((j) => j.code === 'events')!.id, mode: 'write' }],
    });
    const hidden = await oleg.client.post('/api/v1/mail/messages', body);
    expect(fieldErrors(hidden, 400).map(([path]) => path)).toEqual(['clientId']);
    expect(hidden.body).not.toContain('Клиент А');
  });

  it('sending a letter again needs the right to change its event', async () => {
    const res = await t.admin.post(`/api/v1/mail/messages/${letterA.id}/retry`);
    // Only a failed letter can be sent again: the administrator reaches the rule, not the access check.
    expect([200, 409]).toContain(res.statusCode);
    const vera = await rightlessUser(t, 'vera', 'Вера');
    expect((await vera.client.post(`/api/v1/mail/messages/${letterA.id}/retry`)).statusCode).toBe(404);
  });
});
