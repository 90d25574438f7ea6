import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { simpleParser } from 'mailparser';
import { createTestApp, type Client, type TestApp } from '../support/app.js';
import { startSmtpServer, type SmtpPeer } from '../support/mail-peers.js';
import { zoneOffset } from '../../src/server/time/zone-offset.js';
import type {
  NotificationPage,
  NotificationRule,
  NotificationRules,
  NotificationTrigger,
} from '../../src/shared/schemas/notifications.js';
import type { SystemLetterPage } from '../../src/shared/schemas/system-letters.js';

/**
 * The e-mail channel of notifications: pending notifications become letters of the system sender
 * (one per notification, or an hourly / daily digest), in the reader's language with a link to
 * the document, queued once; the system sender's worker then sends them to a real SMTP server.
 * A digest goes at its moment with what came before it, once per moment. The job is driven with
 * runEmailOnce (its clock given to look at a later moment).
 */

const SENDER = 'notify@corp.test';
const SENDER_PASSWORD = 'Sys-Sender-9kQ!w';
const BORIS_MAIL = 'boris@corp.test';
const PUBLIC_URL = 'https://kartoteka.example';
const KYIV = 'Europe/Kyiv';
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** The Kyiv wall clock at an instant (ms, as if it were UTC). */
const kyivWall = (at: number) => at + zoneOffset(at, KYIV);
/** The instant the Kyiv wall clock shows `wall`. */
const kyivInstant = (wall: number) => wall - zoneOffset(wall - zoneOffset(wall, KYIV), KYIV);

describe('notifications by e-mail', () => {
  let t: TestApp;
  let peer: SmtpPeer;
  let anna: Client;
  let boris: Client;
  let vera: Client;
  let borisId: number;
  let veraId: number;
  let n = 0;

  async function setRule(trigger: NotificationTrigger, changes: Partial<NotificationRule>): Promise<void> {
    const all = (await t.admin.get('/api/v1/settings/notifications')).json<NotificationRules>();
    const { stale: _stale, ...current } = all.rules.find((r) => r.trigger === trigger)!;
    const res = await t.admin.put('/api/v1/settings/notifications', { rules: [{ ...current, ...changes }] });
    expect(res.statusCode, res.body).toBe(200);
  }
  async function assign(
    title = `Задача ${++n}`,
    performerId = borisId,
  ): Promise<{ id: number; number: string }> {
    const res = await anna.post('/api/v1/tasks', { title, performerId });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }
  async function letters(): Promise<SystemLetterPage> {
    const res = await t.admin.get('/api/v1/admin/system-letters?limit=200');
    expect(res.statusCode, res.body).toBe(200);
    return res.json<SystemLetterPage>();
  }
  const lettersTo = async (address: string) => (await letters()).items.filter((l) => l.toAddress === address);
  async function setMode(client: Client, body: Record<string, unknown>): Promise<void> {
    const res = await client.put('/api/v1/me/notification-preferences', body);
    expect(res.statusCode, res.body).toBe(200);
  }
  const run = (at?: number, usersPerRun?: number) =>
    t.services.notifications.runEmailOnce(at === undefined ? undefined : new Date(at), usersPerRun);
  /** A user with an e-mail address (their employee's). */
  async function mailUser(login: string): Promise<{ id: number; mail: string; client: Client }> {
    const mail = `${login}@corp.test`;
    const employee = await t.services.employees.create({ fullName: login, email: mail });
    const password = `${login}-password-1`;
    const { id } = await t.services.users.create({
      login,
      fullName: login,
      password,
      locale: 'en',
      employeeId: employee.id,
    });
    return { id, mail, client: await t.login(login, password) };
  }
  /**
   * The start of the current hour of the Kyiv clock (wall time), once it is not about to end: what
   * a test does next all falls in this hour.
   */
  async function thisHour(): Promise<number> {
    await vi.waitFor(() => expect(HOUR - (kyivWall(Date.now()) % HOUR)).toBeGreaterThan(30_000), {
      timeout: 40_000,
      interval: 1_000,
    });
    return Math.floor(kyivWall(Date.now()) / HOUR) * HOUR;
  }

  beforeAll(async () => {
    t = await createTestApp({ publicUrl: `${PUBLIC_URL}/` });
    peer = await startSmtpServer({ users: { [SENDER]: SENDER_PASSWORD } });
    const employee = await t.services.employees.create({ fullName: 'Boris Performer', email: BORIS_MAIL });
    await t.services.users.create({ login: 'anna', fullName: 'Анна Автор', password: 'anna-password-1' });
    borisId = (
      await t.services.users.create({
        login: 'boris',
        fullName: 'Boris Performer',
        password: 'boris-password-1',
        locale: 'en',
        employeeId: employee.id,
      })
    ).id;
    veraId = (await t.services.users.create({ login: 'vera', fullName: 'Вера', password: 'vera-password-1' }))
      .id;
    anna = await t.login('anna', 'anna-password-1');
    boris = await t.login('boris', 'boris-password-1');
    vera = await t.login('vera', 'vera-password-1');
    await setRule('task_assigned', { email: true });
    const zone = await t.admin.put('/api/v1/admin/enterprise', { timeZone: KYIV });
    expect(zone.statusCode, zone.body).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
    await peer?.close();
  });

  it('waits while the system sender is not set up, and the rules page says so', async () => {
    const prefs = (await boris.get('/api/v1/me/notification-preferences')).json<{ emailAddress: string }>();
    expect(prefs.emailAddress).toBe(BORIS_MAIL);
    await assign();
    expect(await t.services.notifications.runEmailOnce()).toBe(0);
    expect(await lettersTo(BORIS_MAIL)).toEqual([]);
    const page = (await t.admin.get('/api/v1/settings/notifications')).json<NotificationRules>();
    expect(page.systemSenderReady).toBe(false);

    const smtp = await t.admin.put('/api/v1/admin/mail-servers', {
      smtp: { host: peer.host, port: peer.port, security: 'none' },
      imap: { host: null, port: null, security: 'tls' },
      allowSelfSigned: false,
    });
    expect(smtp.statusCode, smtp.body).toBe(200);
    const sender = await t.admin.put('/api/v1/admin/system-sender', {
      address: SENDER,
      name: 'Картотека',
      password: SENDER_PASSWORD,
    });
    expect(sender.statusCode, sender.body).toBe(200);
    expect(await t.services.notifications.runEmailOnce()).toBe(1);
    const after = (await t.admin.get('/api/v1/settings/notifications')).json<NotificationRules>();
    expect(after).toMatchObject({ systemSenderReady: true, letters: { queued: 1, failed: 0 } });
  });

  it('sends one letter per notification in the reader’s language, with a link, never twice', async () => {
    const before = (await lettersTo(BORIS_MAIL)).length;
    const task = await assign('Счёт <№5> & акт');
    expect(await t.services.notifications.runEmailOnce()).toBe(1);
    expect(await t.services.notifications.runEmailOnce()).toBe(0);
    const mine = await lettersTo(BORIS_MAIL);
    expect(mine).toHaveLength(before + 1);
    expect(mine[0]).toMatchObject({ subject: `Task ${task.number}: Счёт <№5> & акт`, status: 'queued' });

    await t.services.systemLetters.runOnce();
    const mails = await Promise.all(
      peer.received.filter((m) => m.to.includes(BORIS_MAIL)).map((m) => simpleParser(m.raw)),
    );
    const mail = mails.find((m) => m.subject === `Task ${task.number}: Счёт <№5> & акт`)!;
    expect(mail.text).toContain('You are now the performer');
    expect(mail.text).toContain(`Open: ${PUBLIC_URL}/tasks/${task.id}`);
    expect(mail.html).toContain('Счёт &lt;№5&gt; &amp; акт');
    expect(mail.html).toContain(`href="${PUBLIC_URL}/tasks/${task.id}"`);
    expect(mail.html).not.toContain('<№5>');
  });

  it('an e-mail-only trigger stays out of the bell; a user without an address gets nothing by it', async () => {
    await setRule('task_comment', { inApp: false, email: true });
    const task = await assign('С комментарием');
    await t.services.notifications.runEmailOnce();
    const before = (await lettersTo(BORIS_MAIL)).length;
    const res = await vera.post(`/api/v1/tasks/${task.id}/comments`, { body: 'Посмотрите вложение' });
    expect(res.statusCode, res.body).toBe(201);
    const bell = (await boris.get('/api/v1/notifications?limit=500')).json<NotificationPage>().items;
    expect(bell.filter((x) => x.docId === task.id).map((x) => x.trigger)).toEqual(['task_assigned']);
    expect(await t.services.notifications.runEmailOnce()).toBe(1);
    const [letter] = await lettersTo(BORIS_MAIL);
    expect((await lettersTo(BORIS_MAIL)).length).toBe(before + 1);
    expect(letter!.subject).toBe(`Task ${task.number}: С комментарием`);

    // Vera has no e-mail: a comment by Boris on her task reaches her by no channel.
    const hers = await anna.post('/api/v1/tasks', { title: 'Для Веры', performerId: veraId });
    const herTask = hers.json<{ id: number }>();
    expect((await boris.post(`/api/v1/tasks/${herTask.id}/comments`, { body: 'Готово' })).statusCode).toBe(
      201,
    );
    const veraBell = (await vera.get('/api/v1/notifications?limit=500')).json<NotificationPage>().items;
    expect(veraBell.filter((x) => x.docId === herTask.id).map((x) => x.trigger)).toEqual(['task_assigned']);
    expect(await t.services.notifications.runEmailOnce()).toBe(0);
    await setRule('task_comment', { inApp: true, email: false });
  });

  it('gathers an hourly digest at each full hour, of what came before it', async () => {
    const hanna = await mailUser('hanna');
    await setMode(hanna.client, { emailMode: 'hourly' });
    const next = kyivInstant((await thisHour()) + HOUR);
    const first = await assign('Первая', hanna.id);
    const second = await assign('Вторая', hanna.id);
    // They came after this hour's moment: they wait for the next one.
    expect(await run()).toBe(0);
    expect(await run(next - MINUTE)).toBe(0);
    expect(await run(next + MINUTE)).toBe(1);
    const [digest] = await lettersTo(hanna.mail);
    expect(digest!.subject).toBe('Kartoteka: notifications (2)');

    await assign('Третья', hanna.id);
    expect(await run(next + 10 * MINUTE)).toBe(0);
    expect(await run(next + HOUR + MINUTE)).toBe(1);
    expect((await lettersTo(hanna.mail))[0]!.subject).toBe('Kartoteka: notifications (1)');

    await t.services.systemLetters.runOnce();
    const mails = await Promise.all(
      peer.received.filter((m) => m.to.includes(hanna.mail)).map((m) => simpleParser(m.raw)),
    );
    const two = mails.find((m) => m.subject === 'Kartoteka: notifications (2)')!;
    expect(two.text).toContain(`${PUBLIC_URL}/tasks/${first.id}`);
    expect(two.text).toContain(`${PUBLIC_URL}/tasks/${second.id}`);
    // Newest first, as in the bell.
    expect(two.text!.indexOf('Вторая')).toBeLessThan(two.text!.indexOf('Первая'));
  });

  it('sends the daily digest at the user’s hour of the enterprise’s clock, not after a quiet one', async () => {
    const dina = await mailUser('dina');
    const hour = await thisHour();
    // The digest hour was an hour ago and brought nothing; what comes now waits for tomorrow's.
    await setMode(dina.client, { emailMode: 'daily', digestHour: (hour / HOUR + 23) % 24 });
    const tomorrow = kyivInstant(hour - HOUR + DAY);
    await assign('Дневная', dina.id);
    expect(await run()).toBe(0);
    expect(await run(tomorrow - MINUTE)).toBe(0);
    expect(await run(tomorrow + MINUTE)).toBe(1);
    expect((await lettersTo(dina.mail))[0]!.subject).toBe('Kartoteka: notifications (1)');

    await assign('Вечерняя', dina.id);
    expect(await run(tomorrow + 2 * MINUTE)).toBe(0);
    expect(await run(kyivInstant(hour - HOUR + 2 * DAY) - MINUTE)).toBe(0);
    expect(await run(kyivInstant(hour - HOUR + 2 * DAY) + MINUTE)).toBe(1);
    expect(await lettersTo(dina.mail)).toHaveLength(2);
  });

  it('two runs at once send one digest for one moment', async () => {
    const gala = await mailUser('gala');
    await setMode(gala.client, { emailMode: 'hourly' });
    const next = kyivInstant((await thisHour()) + HOUR);
    await assign('Раз', gala.id);
    await assign('Два', gala.id);
    const runs = await Promise.all([run(next + MINUTE), run(next + 2 * MINUTE), run(next + 3 * MINUTE)]);
    expect(runs.reduce((a, b) => a + b, 0)).toBe(1);
    expect((await lettersTo(gala.mail)).map((l) => l.subject)).toEqual(['Kartoteka: notifications (2)']);
    // Came before the moment, but its digest has gone: it waits for the next one.
    await assign('Три', gala.id);
    expect(await run(next + 4 * MINUTE)).toBe(0);
    expect(await run(next + HOUR + MINUTE)).toBe(1);
    expect(await lettersTo(gala.mail)).toHaveLength(2);
  });

  it('a user who gets each letter is not held up by digest users who are not due', async () => {
    // Made before her, so they come first by id.
    const waiting = [await mailUser('ivan'), await mailUser('jana'), await mailUser('kira')];
    const lena = await mailUser('lena');
    const hour = await thisHour();
    await setMode(waiting[0]!.client, { emailMode: 'hourly' });
    await setMode(waiting[1]!.client, { emailMode: 'hourly' });
    await setMode(waiting[2]!.client, { emailMode: 'daily', digestHour: (hour / HOUR + 23) % 24 });
    for (const w of waiting) await assign('Подождёт', w.id);
    // Their moments passed before these came: a run takes the moments and sends nothing.
    expect(await run()).toBe(0);
    await assign('Срочная', lena.id);
    expect(await run(undefined, 1)).toBe(1);
    expect(await lettersTo(lena.mail)).toHaveLength(1);
    for (const w of waiting) expect(await lettersTo(w.mail)).toEqual([]);
  });

  it('two runs at once queue each letter once', async () => {
    const before = (await lettersTo(BORIS_MAIL)).length;
    await assign();
    await assign();
    const runs = await Promise.all([
      t.services.notifications.runEmailOnce(),
      t.services.notifications.runEmailOnce(),
      t.services.notifications.runEmailOnce(),
    ]);
    expect(runs.reduce((a, b) => a + b, 0)).toBe(2);
    expect(await lettersTo(BORIS_MAIL)).toHaveLength(before + 2);
  });

  it('skips the letters of a user who lost the address', async () => {
    await assign();
    const employee = (await t.services.users.get(borisId)).employee!;
    await t.services.employees.update(employee.id, { email: null });
    expect(await t.services.notifications.runEmailOnce()).toBe(0);
    await t.services.employees.update(employee.id, { email: BORIS_MAIL });
    expect(await t.services.notifications.runEmailOnce()).toBe(0);
  });
});
