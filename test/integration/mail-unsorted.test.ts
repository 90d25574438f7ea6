import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client as HttpClient, type TestApp } from '../support/app.js';
import { appendMessage, startDovecot, type DovecotPeer } from '../support/mail-peers.js';
import { grantAccess, rightlessUser } from '../support/access.js';
import type { MailboxState, MailMessage, MailPage } from '../../src/shared/schemas/mail.js';
import type { Client } from '../../src/shared/schemas/clients.js';

/**
 * «Неразобранные»: letters from unknown senders, received from a real Dovecot, linked to a client
 * (remembering the address), turned into a new client, or dismissed, through the API.
 */

const MAILBOXES = {
  anna: { email: 'anna@example.test', password: 'Anna-Unsorted-4tQ' },
  kim: { email: 'kim@example.test', password: 'Kim-Unsorted-8pL' },
} as const;
type Who = keyof typeof MAILBOXES;

let sequence = 0;
function eml(from: string, subject: string): string {
  sequence++;
  return [
    `From: ${from}`,
    'To: anna@example.test',
    `Subject: ${subject}`,
    'Date: Tue, 11 Mar 2025 09:00:00 +0000',
    `Message-ID: <unsorted-${sequence}@senders.test>`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Text of ${subject}`,
    '',
  ].join('\r\n');
}

describe('«Неразобранные»', () => {
  let t: TestApp;
  let dovecot: DovecotPeer;
  const mailboxIds = {} as Record<Who, number>;
  let kim: HttpClient;
  let eventsRoot: number;

  const post = async (url: string, body: unknown, as: HttpClient = t.admin) => {
    const res = await as.post(url, body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Record<string, unknown>>();
  };
  const get = async <T>(url: string, as: HttpClient = t.admin): Promise<T> => {
    const res = await as.get(url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<T>();
  };
  /** Delivers the letters to the mailbox and syncs it. */
  const receive = async (who: Who, ...raws: string[]) => {
    for (const raw of raws) {
      await appendMessage(dovecot, { login: MAILBOXES[who].email, password: MAILBOXES[who].password }, raw);
    }
    const res = await t.admin.post(`/api/v1/mail/mailboxes/${mailboxIds[who]}/sync`);
    expect(res.json<MailboxState>().status, res.body).toBe('ok');
  };
  const unsortedSubjects = async () =>
    (await get<MailPage>('/api/v1/mail/unsorted?limit=200')).items.map((l) => l.subject).sort();
  const letter = async (subject: string): Promise<MailMessage> => {
    const all = (await get<MailPage>('/api/v1/mail/messages?limit=200')).items;
    const found = all.filter((l) => l.subject === subject);
    expect(found, subject).toHaveLength(1);
    return get<MailMessage>(`/api/v1/mail/messages/${found[0]!.id}`);
  };
  const createClient = async (body: Record<string, unknown>): Promise<Client> => {
    const res = await t.admin.post('/api/v1/clients', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Client>();
  };

  beforeAll(async () => {
    [t, dovecot] = await Promise.all([
      createTestApp(),
      startDovecot({
        users: Object.fromEntries(Object.values(MAILBOXES).map((m) => [m.email, m.password])),
        ssl: false,
      }),
    ]);
    const imap = await t.admin.put('/api/v1/admin/mail-servers', {
      smtp: { host: null, port: null, security: 'starttls' },
      imap: { host: dovecot.host, port: dovecot.port, security: 'none' },
      allowSelfSigned: false,
    });
    expect(imap.statusCode, imap.body).toBe(200);
    const journals = await get<{ id: number; code: string }[]>('/api/v1/settings/journals');
    eventsRoot = journals.find((j) => j.code === 'events')!.id;
    for (const who of ['anna', 'kim'] as const) {
      const employee = await t.admin.post('/api/v1/employees', {
        fullName: `Работник ${who}`,
        email: MAILBOXES[who].email,
        mailboxPassword: MAILBOXES[who].password,
      });
      const user = await t.admin.post('/api/v1/users', {
        login: who,
        fullName: `Пользователь ${who}`,
        password: `${who}-password-1`,
        employeeId: employee.json<{ id: number }>().id,
        // Kim has only the rights granted below: his own events.
        ...(who === 'kim' && { roleIds: [] }),
      });
      expect(user.statusCode, user.body).toBe(201);
      const userId = user.json<{ id: number }>().id;
      await t.admin.put(`/api/v1/settings/user-parameters/${userId}`, { isCorporateMail: true });
      if (who === 'kim') {
        await grantAccess(t, userId, {
          permissions: {
            events: { read: 'own', edit: 'own' },
            clients: { read: 'all', edit: 'all' },
          },
          journals: [{ journalId: eventsRoot, mode: 'write' }],
        });
      }
      mailboxIds[who] = (await get<MailboxState[]>(`/api/v1/mail/mailboxes?userId=${userId}`))[0]!.id;
    }
    kim = await t.login('kim', 'kim-password-1');
  });

  afterAll(async () => {
    await t?.close();
    await dovecot?.close();
  });

  it('links a letter to a client, remembers the address, and links the sender’s other letters', async () => {
    const client = await createClient({ name: 'ИП Орлов', emails: ['orlov@orlov.test'] });
    await receive(
      'anna',
      eml('Орлов <orlov.private@mail.test>', 'Орлов 1'),
      eml('orlov.private@mail.test', 'Орлов 2'),
    );
    expect(await unsortedSubjects()).toEqual(expect.arrayContaining(['Орлов 1', 'Орлов 2']));

    const first = await letter('Орлов 1');
    expect(await post(`/api/v1/mail/unsorted/${first.id}/link`, { clientId: client.id })).toEqual({
      linked: 2,
    });
    expect(await unsortedSubjects()).not.toEqual(expect.arrayContaining(['Орлов 1']));
    expect((await unsortedSubjects()).filter((s) => s.startsWith('Орлов'))).toEqual([]);
    for (const subject of ['Орлов 1', 'Орлов 2']) {
      expect((await letter(subject)).client).toEqual({ id: client.id, name: 'ИП Орлов' });
    }
    const card = await get<Client>(`/api/v1/clients/${client.id}`);
    expect(card.emails).toEqual(['orlov@orlov.test', 'orlov.private@mail.test']);

    // A later letter from the address links by itself.
    await receive('anna', eml('orlov.private@mail.test', 'Орлов 3'));
    expect((await letter('Орлов 3')).client?.id).toBe(client.id);
    expect(await unsortedSubjects()).not.toContain('Орлов 3');
    // Linking a letter already sorted is refused.
    const again = await t.admin.post(`/api/v1/mail/unsorted/${first.id}/link`, { clientId: client.id });
    expect(again.statusCode).toBe(409);
    expect(again.json<{ error: { code: string } }>().error.code).toBe('mail_not_unsorted');
  });

  it('remembers the address on a contact person', async () => {
    const client = await createClient({ name: 'ООО «Сокол»', contacts: [{ name: 'Соколова Ирина' }] });
    const contactId = client.contacts[0]!.id;
    await receive('anna', eml('irina@home.test', 'Сокол 1'));
    const l = await letter('Сокол 1');
    expect(await post(`/api/v1/mail/unsorted/${l.id}/link`, { clientId: client.id, contactId })).toEqual({
      linked: 1,
    });
    const card = await get<Client>(`/api/v1/clients/${client.id}`);
    expect(card.emails).toEqual([]);
    expect(card.contacts[0]).toMatchObject({ id: contactId, emails: ['irina@home.test'] });
    await receive('anna', eml('irina@home.test', 'Сокол 2'));
    expect(await letter('Сокол 2')).toMatchObject({
      client: { id: client.id },
      contact: { id: contactId, name: 'Соколова Ирина' },
    });
  });

  it('links one letter only when the address is not to be remembered', async () => {
    const client = await createClient({ name: 'ЧП Ветров' });
    await receive('anna', eml('wind@free.test', 'Ветер 1'), eml('wind@free.test', 'Ветер 2'));
    const l = await letter('Ветер 1');
    expect(
      await post(`/api/v1/mail/unsorted/${l.id}/link`, { clientId: client.id, rememberAddress: false }),
    ).toEqual({ linked: 1 });
    expect((await get<Client>(`/api/v1/clients/${client.id}`)).emails).toEqual([]);
    expect(await unsortedSubjects()).toContain('Ветер 2');
    expect(await unsortedSubjects()).not.toContain('Ветер 1');
  });

  it('creates a client from a letter, with the sender’s address', async () => {
    await receive(
      'anna',
      eml('"Новая фирма" <hello@newco.test>', 'Новая 1'),
      eml('hello@newco.test', 'Новая 2'),
    );
    const l = await letter('Новая 1');
    const created = await post(`/api/v1/mail/unsorted/${l.id}/create-client`, {
      name: 'ООО «Новая фирма»',
      kind: 'organization',
    });
    expect(created).toEqual({ clientId: expect.any(Number), linked: 2 });
    const card = await get<Client>(`/api/v1/clients/${created.clientId as number}`);
    expect(card).toMatchObject({
      name: 'ООО «Новая фирма»',
      kind: 'organization',
      emails: ['hello@newco.test'],
    });
    expect((await letter('Новая 2')).client?.id).toBe(created.clientId);
  });

  it('dismisses a letter that is no client’s', async () => {
    await receive('anna', eml('news@digest.test', 'Дайджест недели'));
    const l = await letter('Дайджест недели');
    expect(await post(`/api/v1/mail/unsorted/${l.id}/dismiss`, {})).toEqual({ ok: true });
    expect(await unsortedSubjects()).not.toContain('Дайджест недели');
    expect(await letter('Дайджест недели')).toMatchObject({ client: null, event: { id: l.event!.id } });
    expect((await t.admin.post(`/api/v1/mail/unsorted/${l.id}/dismiss`, {})).statusCode).toBe(409);
  });

  it('acts only on letters whose event the caller may edit', async () => {
    const client = await createClient({ name: 'АО «Граница»' });
    await receive('anna', eml('border@edge.test', 'Граница Анне'));
    await receive('kim', eml('border@edge.test', 'Граница Киму'));
    const annas = await letter('Граница Анне');
    const kims = await letter('Граница Киму');

    // Kim may not see Anna's letter at all; a user who may only read it may not change it.
    expect((await kim.post(`/api/v1/mail/unsorted/${annas.id}/dismiss`, {})).statusCode).toBe(404);
    const reader = await rightlessUser(t, 'reader', 'Читатель');
    await grantAccess(t, reader.id, {
      permissions: { events: { read: 'all' } },
      journals: [{ journalId: eventsRoot, mode: 'read' }],
    });
    expect((await reader.client.post(`/api/v1/mail/unsorted/${annas.id}/dismiss`, {})).statusCode).toBe(403);
    // Kim may not create clients.
    const create = await kim.post(`/api/v1/mail/unsorted/${kims.id}/create-client`, { name: 'Граница' });
    expect(create.statusCode).toBe(403);

    // Linking his own letter remembers the address but leaves Anna's letter as it is.
    expect(await post(`/api/v1/mail/unsorted/${kims.id}/link`, { clientId: client.id }, kim)).toEqual({
      linked: 1,
    });
    expect((await letter('Граница Киму')).client?.id).toBe(client.id);
    expect(await unsortedSubjects()).toContain('Граница Анне');
    expect((await get<Client>(`/api/v1/clients/${client.id}`)).emails).toEqual(['border@edge.test']);
  });
});
