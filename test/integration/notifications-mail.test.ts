import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app.js';
import { appendMessage, startDovecot, type DovecotPeer } from '../support/mail-peers.js';
import type { MailboxState } from '../../src/shared/schemas/mail.js';
import type { NotificationPage } from '../../src/shared/schemas/notifications.js';

/**
 * «New incoming e-mail from my client»: a letter synced from a real Dovecot mailbox tells the
 * client's responsible, but a letter sent days ago (a first sync brings the mailbox's history)
 * tells nobody.
 */

const MAILBOX = { email: 'anna@example.test', password: 'Anna-Mbx-7qX!' };

function eml(subject: string, date: Date): string {
  return [
    'From: Акме <office@acme.test>',
    `To: ${MAILBOX.email}`,
    `Subject: ${subject}`,
    `Date: ${date.toUTCString()}`,
    `Message-ID: <${subject.replace(/\W/g, '')}@acme.test>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Text of ${subject}`,
    '',
  ].join('\r\n');
}

describe('notifications of incoming mail', () => {
  let t: TestApp;
  let dovecot: DovecotPeer;
  let mailboxId: number;
  let vera: Client;

  beforeAll(async () => {
    [t, dovecot] = await Promise.all([
      createTestApp(),
      startDovecot({ users: { [MAILBOX.email]: MAILBOX.password }, ssl: false }),
    ]);
    const servers = await t.admin.put('/api/v1/admin/mail-servers', {
      smtp: { host: null, port: null, security: 'starttls' },
      imap: { host: dovecot.host, port: dovecot.port, security: 'none' },
      allowSelfSigned: false,
    });
    expect(servers.statusCode, servers.body).toBe(200);
    const employee = await t.admin.post('/api/v1/employees', {
      fullName: 'Анна',
      email: MAILBOX.email,
      mailboxPassword: MAILBOX.password,
    });
    expect(employee.statusCode, employee.body).toBe(201);
    const anna = await t.admin.post('/api/v1/users', {
      login: 'anna',
      fullName: 'Анна',
      password: 'anna-password-1',
      employeeId: employee.json<{ id: number }>().id,
    });
    expect(anna.statusCode, anna.body).toBe(201);
    const annaId = anna.json<{ id: number }>().id;
    const params = await t.admin.put(`/api/v1/settings/user-parameters/${annaId}`, { isCorporateMail: true });
    expect(params.statusCode, params.body).toBe(200);
    const boxes = await t.admin.get(`/api/v1/mail/mailboxes?userId=${annaId}`);
    mailboxId = boxes.json<MailboxState[]>()[0]!.id;

    const veraId = (
      await t.services.users.create({ login: 'vera', fullName: 'Вера', password: 'vera-password-1' })
    ).id;
    vera = await t.login('vera', 'vera-password-1');
    const client = await t.admin.post('/api/v1/clients', {
      name: 'ООО «Акме»',
      emails: ['office@acme.test'],
      responsibleId: veraId,
    });
    expect(client.statusCode, client.body).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
    await dovecot?.close();
  });

  it('tells the client’s responsible of a new letter, not of an old one', async () => {
    const login = { login: MAILBOX.email, password: MAILBOX.password };
    await appendMessage(dovecot, login, eml('Old contract', new Date(Date.now() - 5 * 86_400_000)));
    await appendMessage(dovecot, login, eml('New invoice', new Date(Date.now() - 5 * 60_000)));
    const synced = await t.admin.post(`/api/v1/mail/mailboxes/${mailboxId}/sync`);
    expect(synced.statusCode, synced.body).toBe(200);
    expect(synced.json<MailboxState>()).toMatchObject({ status: 'ok', messageCount: 2 });

    const items = (await vera.get('/api/v1/notifications')).json<NotificationPage>().items;
    expect(items).toMatchObject([
      {
        trigger: 'mail_incoming',
        docType: 'event',
        title: expect.stringMatching(/^Событие .+: New invoice$/),
        text: 'Новое письмо от клиента',
        actor: null,
      },
    ]);
    // Anna's own mailbox made the events; she is their performer, not the client's responsible.
    const forAnna = await t.login('anna', 'anna-password-1');
    expect((await forAnna.get('/api/v1/notifications')).json<NotificationPage>().items).toEqual([]);
  });
});
