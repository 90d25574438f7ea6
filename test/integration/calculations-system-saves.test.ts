import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { createTestApp, type Client, type TestApp } from '../support/app.js';
import { startSmtpServer, type SmtpPeer } from '../support/mail-peers.js';
import { eventually } from '../support/eventually.js';
import { withCalculations as withCalcs } from '../support/calculations.js';
import type { CalculationError } from '../../src/shared/schemas/calculations.js';
import type { CallImportReport } from '../../src/shared/schemas/telephony.js';
import type { EventCard } from '../../src/shared/schemas/events.js';
import type { HistoryEntry } from '../../src/shared/schemas/history.js';
import type { Notification } from '../../src/shared/schemas/notifications.js';

const MASTER_CSV = fileURLToPath(new URL('../fixtures/cdr/master/Master.csv', import.meta.url));
const EMAIL = 'petrov@corp.test';
const PASSWORD = 'Out-Mbx-7qZr!p';

/**
 * Saves the system records — a call (the PBX webhook, the call import) and a sent letter's event
 * (the outbox) — are never undone by a calculation: a refusal or a failure undoes only what the
 * calculations wrote, is listed on the calculation with the document, and the record stands (a
 * letter already sent is marked sent, once, and never sent again). Their scripts run once per
 * event, like a user's save.
 */
describe('calculations on saves the system records', () => {
  let t: TestApp;
  let peer: SmtpPeer;
  let pbxToken: string;
  let nina: { id: number; client: Client };
  let writer: { id: number; client: Client };
  const dirs: string[] = [];

  /** Runs `fn` with enabled event calculations (ids given to it) that are deleted afterwards. */
  const withCalculations = (bodies: Record<string, unknown>[], fn: (ids: number[]) => Promise<void>) =>
    withCalcs(t.admin, { docType: 'event' }, bodies, fn);
  const errorsOf = async (id: number): Promise<CalculationError[]> => {
    const res = await t.admin.get(`/api/v1/calculations/${id}/errors`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: CalculationError[] }>().items;
  };
  const event = async (id: number): Promise<EventCard> => {
    const res = await t.admin.get(`/api/v1/events/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<EventCard>();
  };
  /** Nina's notifications from calculations, as `[docId, text]`. */
  const ninasBell = async (): Promise<[number, string][]> => {
    const res = await nina.client.get('/api/v1/notifications?limit=500');
    expect(res.statusCode, res.body).toBe(200);
    return res
      .json<{ items: Notification[] }>()
      .items.filter((n) => n.trigger === 'calculation')
      .map((n) => [n.docId, n.text]);
  };
  let callNo = 0;
  /** A missed incoming call reported by the PBX; answers the event it was logged as. */
  const pbxCall = async (): Promise<number> => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/telephony/pbx/finish',
      headers: { authorization: `Bearer ${pbxToken}` },
      payload: {
        callId: `system-save-${++callNo}`,
        direction: 'in',
        externalNumber: '0441234567',
        sipNumber: '201',
        startedAt: new Date(Date.UTC(2026, 10, 1, 9, callNo)).toISOString(),
        durationSeconds: 20,
        billsec: 0,
        statusCode: 486,
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ eventId: number }>().eventId;
  };
  /** A user (default role: reads every document). */
  const user = async (login: string, fullName: string, employeeId?: number) => {
    const res = await t.admin.post('/api/v1/users', {
      login,
      fullName,
      password: `${login}-password-1`,
      ...(employeeId !== undefined && { employeeId }),
    });
    expect(res.statusCode, res.body).toBe(201);
    return { id: res.json<{ id: number }>().id, client: await t.login(login, `${login}-password-1`) };
  };

  beforeAll(async () => {
    t = await createTestApp();
    t.services.calculations.start();
    pbxToken = (await t.admin.post('/api/v1/settings/telephony/pbx-token')).json<{ token: string }>().token;
    nina = await user('nina', 'Нина');
    // The operator the PBX names.
    const sip = await t.admin.put(`/api/v1/settings/user-parameters/${nina.id}`, { sipNumber: '201' });
    expect(sip.statusCode, sip.body).toBe(200);
    peer = await startSmtpServer({ users: { [EMAIL]: PASSWORD } });
    const smtp = await t.admin.put('/api/v1/admin/mail-servers', {
      smtp: { host: peer.host, port: peer.port, security: peer.security },
      imap: { host: null, port: null, security: 'tls' },
      allowSelfSigned: false,
    });
    expect(smtp.statusCode, smtp.body).toBe(200);
    const employee = await t.admin.post('/api/v1/employees', {
      fullName: 'Петров Пётр',
      email: EMAIL,
      mailboxPassword: PASSWORD,
    });
    expect(employee.statusCode, employee.body).toBe(201);
    writer = await user('petrov', 'Пётр Петров', employee.json<{ id: number }>().id);
  });
  afterAll(async () => {
    await t?.services.calculations.stop();
    await t?.close();
    await peer?.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('logs a call a script refuses, without what the scripts changed, and lists the refusal', async () => {
    await withCalculations(
      [
        {
          name: 'Пометка звонка',
          code: "if (doc.type.code.endsWith('call')) doc.result = 'проверено';",
        },
        {
          name: 'Не записывать звонки',
          trigger: 'status_change',
          code: "if (doc.type.code.endsWith('call')) reject('Звонки не записываем', 'typeId');",
        },
        {
          name: 'Сообщить о звонке',
          trigger: 'after_save',
          code: `if (doc.type.code.endsWith('call')) notify(${nina.id}, 'звонок ' + doc.number);`,
        },
      ],
      async ([marking, refusing, telling]) => {
        const eventId = await pbxCall();
        const card = await event(eventId);
        expect(card.type.code).toBe('missed_incoming_call');
        // The before-save change was written, then undone with the refusal.
        expect(card.result).not.toBe('проверено');
        const history = (await t.admin.get(`/api/v1/events/${eventId}/history?limit=100`)).json<{
          items: HistoryEntry[];
        }>().items;
        expect(history.filter((h) => h.field === 'result')).toEqual([]);

        const [refusal, ...more] = await errorsOf(refusing!);
        expect(more).toEqual([]);
        expect(refusal).toMatchObject({
          trigger: 'status_change',
          kind: 'api',
          docType: 'event',
          docId: eventId,
          docNumber: card.number,
          actor: null,
        });
        expect(refusal!.message).toContain('Звонки не записываем');
        expect(await errorsOf(marking!)).toEqual([]);
        // The call was saved: its after-save runs go as for any save.
        await eventually(
          async () => ((await ninasBell()).some(([id]) => id === eventId) ? true : undefined),
          'the after-save notification',
        );
        expect(await errorsOf(telling!)).toEqual([]);
      },
    );
  });

  it('logs a call a script fails on, and lists the failure', async () => {
    await withCalculations(
      [{ name: 'Сломанная', code: "if (doc.type.code.endsWith('call')) throw new Error('сбой в скрипте');" }],
      async ([broken]) => {
        const eventId = await pbxCall();
        expect((await event(eventId)).type.code).toBe('missed_incoming_call');
        const errors = await errorsOf(broken!);
        expect(errors.map((e) => [e.trigger, e.kind, e.docId])).toEqual([['before_save', 'script', eventId]]);
        expect(errors[0]!.message).toContain('сбой в скрипте');
      },
    );
  });

  it('runs the scripts of imported calls once per event, and keeps the ones a script refuses', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kartoteka-calc-cdr-'));
    dirs.push(dir);
    copyFileSync(MASTER_CSV, path.join(dir, 'Master.csv'));
    const settings = await t.admin.put('/api/v1/settings/telephony', {
      sourcePath: dir,
      minNumberLength: 5,
      timeZone: 'Europe/Kyiv',
    });
    expect(settings.statusCode, settings.body).toBe(200);
    await withCalculations(
      [
        {
          name: 'Каждый звонок',
          position: 1,
          code: `if (doc.type.code.endsWith('call')) notify(${nina.id}, 'импорт ' + doc.startsAt);`,
        },
        {
          name: 'Отказ входящим',
          position: 2,
          code: "if (doc.type.code === 'incoming_call') reject('Входящие не нужны');",
        },
      ],
      async ([counting, refusing]) => {
        const res = await t.admin.post('/api/v1/settings/telephony/import');
        expect(res.statusCode, res.body).toBe(200);
        // Master.csv: 8 lines, two internal calls.
        expect(res.json<CallImportReport>()).toMatchObject({ stored: 6, internal: 2, rejected: 0 });
        const events = (await t.admin.get('/api/v1/events?limit=100&from=2025-03-10&to=2025-03-10')).json<{
          items: { id: number; startsAt: string; type: { code: string } }[];
        }>().items;
        expect(events).toHaveLength(6);
        const refused = events.filter((e) => e.type.code === 'incoming_call');
        expect(refused.length).toBeGreaterThan(0);
        expect((await errorsOf(refusing!)).map((e) => e.docId).sort((a, b) => a! - b!)).toEqual(
          refused.map((e) => e.id).sort((a, b) => a - b),
        );
        expect(await errorsOf(counting!)).toEqual([]);
        // One notification per event the scripts let through, none twice; a refused event's
        // notification went with the rest of the scripts' writes.
        const ids = new Set(events.map((e) => e.id));
        const notified = (await ninasBell()).filter(([id]) => ids.has(id));
        const kept = events.filter((e) => e.type.code !== 'incoming_call');
        expect(notified.map(([id]) => id).sort((a, b) => a - b)).toEqual(
          kept.map((e) => e.id).sort((a, b) => a - b),
        );
      },
    );
  });

  it('marks a letter sent once when the scripts refuse or fail its event, and never sends it again', async () => {
    const send = async (subject: string) => {
      const res = await writer.client.post('/api/v1/mail/messages', {
        to: ['anna@romashka.test'],
        subject,
        html: '<p>Добрый день!</p>',
      });
      expect(res.statusCode, res.body).toBe(201);
      const letter = res.json<{ id: number; messageId: string; event: { id: number } }>();
      expect(await t.services.outbox.runOnce()).toEqual({ sent: 1, failed: 0, retried: 0 });
      // Long after: a letter left «sending» would be queued and sent again by now.
      const later = new Date(Date.now() + 86_400_000);
      expect(await t.services.outbox.runOnce({ now: later })).toEqual({ sent: 0, failed: 0, retried: 0 });
      const copies = (await Promise.all(peer.received.map((m) => simpleParser(m.raw)))).filter(
        (m) => m.messageId === `<${letter.messageId}>`,
      );
      expect(copies).toHaveLength(1);
      const stored = await writer.client.get(`/api/v1/mail/messages/${letter.id}`);
      expect(stored.json<{ status: string; attempts: number }>()).toMatchObject({
        status: 'sent',
        attempts: 1,
      });
      expect((await event(letter.event.id)).status).toBe('done');
      return letter.event.id;
    };
    // The sender is no administrator, though the sent mark runs with the system's rights.
    const onlyAdmins = [
      "if (action === 'updated' && doc.type.code === 'outgoing_email' && !user.isAdmin)",
      "  reject('Письма отправляет администратор, не ' + user.name);",
    ].join('\n');
    await withCalculations([{ name: 'Только администратор', code: onlyAdmins }], async ([refusing]) => {
      const eventId = await send('Договор');
      const errors = await errorsOf(refusing!);
      expect(errors.map((e) => [e.trigger, e.kind, e.docId, e.actor?.id])).toEqual([
        ['before_save', 'api', eventId, writer.id],
      ]);
      expect(errors[0]!.message).toContain('Письма отправляет администратор, не Пётр Петров');
    });
    await withCalculations(
      [
        {
          name: 'Сбой при отправке',
          trigger: 'status_change',
          code: "if (doc.type.code === 'outgoing_email' && doc.status === 'done') throw new Error('нет связи');",
        },
      ],
      async ([broken]) => {
        const eventId = await send('Счёт');
        const errors = await errorsOf(broken!);
        expect(errors.map((e) => [e.trigger, e.kind, e.docId])).toEqual([
          ['status_change', 'script', eventId],
        ]);
        expect(errors[0]!.message).toContain('нет связи');
      },
    );
  });
});
