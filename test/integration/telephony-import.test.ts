import {
  appendFileSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { cliEnv, runCli } from '../support/cli.js';
import type { CallImportReport } from '../../src/shared/schemas/telephony.js';
import type { DB } from '../../src/server/db/schema.js';
import { CallImportService } from '../../src/server/modules/telephony/call-import.service.js';

/**
 * Loading call records from files (Настройка → Параметры → Настройки → «Загрузить сейчас», the
 * job, `kartoteka calls import`): both formats land on the right client cards as the right
 * event types, internal calls are filtered per N, nothing is loaded twice, rotated, truncated
 * and growing files are followed, bad lines are reported with file and line.
 */

const FIXTURES = fileURLToPath(new URL('../fixtures/cdr/', import.meta.url));
const fixture = (name: string) => path.join(FIXTURES, name);

interface EventItem {
  id: number;
  type: { code: string };
  startsAt: string;
  performer: { id: number } | null;
  client: { id: number } | null;
}

const counts = (r: CallImportReport) => ({
  files: r.files,
  lines: r.lines,
  stored: r.stored,
  duplicates: r.duplicates,
  internal: r.internal,
  rejected: r.rejected,
});

/** A Master.csv line of 18 columns. */
function masterLine(p: {
  src: string;
  dst: string;
  start: string;
  uniqueid: string;
  disposition?: string;
  billsec?: number;
}): string {
  const disposition = p.disposition ?? 'ANSWERED';
  const answered = disposition === 'ANSWERED';
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  return (
    [
      q(''),
      q(p.src),
      q(p.dst),
      q('from-internal'),
      q(`"Абонент" <${p.src}>`),
      q(`SIP/${p.src}-00000001`),
      q(`SIP/${p.dst}-00000002`),
      q('Dial'),
      q(`SIP/${p.dst},30`),
      q(p.start),
      answered ? q(p.start) : '',
      q(p.start),
      String((p.billsec ?? 30) + 5),
      String(answered ? (p.billsec ?? 30) : 0),
      q(disposition),
      q('DOCUMENTATION'),
      q(p.uniqueid),
      q(''),
    ].join(',') + '\n'
  );
}

describe('call-record import', () => {
  let t: TestApp;
  let dir: string;
  let op201: number;
  let op202: number;
  let ivanov: number;
  let romashka: number;

  const importNow = async (): Promise<CallImportReport> => {
    const res = await t.admin.post('/api/v1/settings/telephony/import');
    expect(res.statusCode, res.body).toBe(200);
    return res.json<CallImportReport>();
  };
  const eventsOf = async (clientId: number): Promise<EventItem[]> => {
    const res = await t.admin.get(`/api/v1/events?clientId=${clientId}&limit=100&sort=startsAt&order=asc`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: EventItem[] }>().items;
  };
  const settings = (body: Record<string, unknown>) =>
    t.admin.put('/api/v1/settings/telephony', body).then((r) => expect(r.statusCode, r.body).toBe(200));

  beforeAll(async () => {
    t = await createTestApp();
    dir = mkdtempSync(path.join(tmpdir(), 'kartoteka-cdr-'));
    const user = async (login: string, sipNumber: string) => {
      const res = await t.admin.post('/api/v1/users', {
        login,
        fullName: `Оператор ${sipNumber}`,
        password: `${login}-password-1`,
      });
      expect(res.statusCode, res.body).toBe(201);
      const id = res.json<{ id: number }>().id;
      const put = await t.admin.put(`/api/v1/settings/user-parameters/${id}`, { sipNumber });
      expect(put.statusCode, put.body).toBe(200);
      return id;
    };
    op201 = await user('op201', '201');
    op202 = await user('op202', '202');
    const client = async (name: string, number: string) => {
      const res = await t.admin.post('/api/v1/clients', { name, phones: [{ number }] });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ id: number }>().id;
    };
    ivanov = await client('Иванов Пётр', '+38 (050) 123-45-67');
    romashka = await client('ТОВ «Ромашка»', '044 123 45 67');
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('needs a path to load from', async () => {
    const res = await t.admin.post('/api/v1/settings/telephony/import');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields).toMatchObject([
      { path: 'sourcePath', code: 'telephony_path_required' },
    ]);
  });

  it('loads both formats from a directory onto the clients as call events of their employees', async () => {
    copyFileSync(fixture('master/Master.csv'), path.join(dir, 'Master.csv'));
    copyFileSync(fixture('freepbx/cdr-export.csv'), path.join(dir, 'cdr-export.csv'));
    await settings({
      sourcePath: dir,
      minNumberLength: 5,
      timeZone: 'Europe/Kyiv',
      recordingUrlTemplate: 'https://pbx.example.com/monitor/{file}',
    });

    const report = await importNow();
    // Master.csv: 8 lines, two of them internal (201 → 202, 201 → 305); FreePBX: 2 lines.
    expect(report).toEqual({
      files: 2,
      lines: 10,
      stored: 8,
      duplicates: 0,
      internal: 2,
      rejected: 0,
      problems: [],
    });

    const brief = (e: EventItem) => [e.type.code, e.startsAt, e.performer?.id ?? null];
    expect((await eventsOf(ivanov)).map(brief)).toEqual([
      ['incoming_call', '2025-03-10T07:15:00.000Z', op201],
      ['unanswered_outgoing_call', '2025-03-10T10:00:00.000Z', op202],
      // No uniqueid, the disposition in lower case.
      ['incoming_call', '2025-03-10T12:00:00.000Z', op201],
      // FreePBX.
      ['incoming_call', '2025-03-11T07:00:00.000Z', op201],
    ]);
    expect((await eventsOf(romashka)).map(brief)).toEqual([
      ['missed_incoming_call', '2025-03-10T08:00:00.000Z', op202],
      ['outgoing_call', '2025-03-10T09:30:00.000Z', op201],
      // FreePBX: src is the trunk's caller id, cnum the extension.
      ['unanswered_outgoing_call', '2025-03-11T07:30:00.000Z', op202],
    ]);

    const freepbx = (await eventsOf(ivanov))[3]!;
    const call = await t.admin.get(`/api/v1/events/${freepbx.id}/call`);
    expect(call.statusCode, call.body).toBe(200);
    expect(call.json().call).toMatchObject({
      source: 'import',
      direction: 'in',
      externalNumber: '0501234567',
      employeeNumber: '201',
      startedAt: '2025-03-11T07:00:00.000Z',
      answeredAt: '2025-03-11T07:00:05.000Z',
      durationSeconds: 65,
      billsec: 60,
      disposition: 'answered',
      recordingUrl: 'https://pbx.example.com/monitor/in-201-0501234567-20250311-090000-1741676400.11.wav',
    });

    const page = (await t.admin.get('/api/v1/settings/telephony')).json();
    expect(Date.parse(page.lastImportAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(page.lastImportResult).toBe(
      'Файлов: 2, строк: 10; загружено: 8, повторов: 0, внутренних: 2, отклонено: 0',
    );
  });

  it('loads nothing twice: a re-run reads nothing new, a copy of a file is all duplicates', async () => {
    expect(counts(await importNow())).toEqual({
      files: 2,
      lines: 0,
      stored: 0,
      duplicates: 0,
      internal: 0,
      rejected: 0,
    });
    copyFileSync(fixture('master/Master.csv'), path.join(dir, 'Master-copy.csv'));
    expect(counts(await importNow())).toMatchObject({ lines: 8, stored: 0, duplicates: 6, internal: 2 });
    expect(await eventsOf(ivanov)).toHaveLength(4);
    rmSync(path.join(dir, 'Master-copy.csv'));
  });

  it('picks up appended lines, leaving a line still being written for the next run', async () => {
    const file = path.join(dir, 'Master.csv');
    const first = masterLine({
      src: '0501234567',
      dst: '202',
      start: '2025-03-12 10:00:00',
      uniqueid: 'a.1',
    });
    const second = masterLine({
      src: '201',
      dst: '0441234567',
      start: '2025-03-12 11:00:00',
      uniqueid: 'a.2',
    });
    appendFileSync(file, first + second.slice(0, 40));
    expect(counts(await importNow())).toMatchObject({ lines: 1, stored: 1 });
    appendFileSync(file, second.slice(40));
    expect(counts(await importNow())).toMatchObject({ lines: 1, stored: 1, duplicates: 0 });
    expect((await eventsOf(romashka)).map((e) => e.type.code)).toContain('outgoing_call');
    expect(await eventsOf(ivanov)).toHaveLength(5);
  });

  it('follows a rotated file under its new name and reads the new file from its start', async () => {
    const file = path.join(dir, 'Master.csv');
    renameSync(file, path.join(dir, 'Master.csv.1'));
    // Written to the old file after our last run, before the PBX reopened its log.
    appendFileSync(
      path.join(dir, 'Master.csv.1'),
      masterLine({ src: '0501234567', dst: '201', start: '2025-03-13 09:00:00', uniqueid: 'r.1' }),
    );
    writeFileSync(
      file,
      masterLine({ src: '0441234567', dst: '202', start: '2025-03-13 10:00:00', uniqueid: 'r.2' }) +
        masterLine({ src: '0441234567', dst: '201', start: '2025-03-13 10:05:00', uniqueid: 'r.3' }),
    );
    expect(counts(await importNow())).toEqual({
      files: 3,
      lines: 3,
      stored: 3,
      duplicates: 0,
      internal: 0,
      rejected: 0,
    });
    expect(await eventsOf(ivanov)).toHaveLength(6);
    expect(await eventsOf(romashka)).toHaveLength(6);
  });

  it('reads a truncated or replaced file again from its start', async () => {
    const file = path.join(dir, 'Master.csv');
    // Shorter than what was read, the same first line: truncated to it.
    writeFileSync(
      file,
      masterLine({ src: '0441234567', dst: '202', start: '2025-03-13 10:00:00', uniqueid: 'r.2' }),
    );
    expect(counts(await importNow())).toMatchObject({ lines: 1, stored: 0, duplicates: 1 });
    // As long as before but another first line: rewritten in place.
    writeFileSync(
      file,
      masterLine({ src: '0441234567', dst: '202', start: '2025-03-14 11:00:00', uniqueid: 't.2' }) +
        masterLine({ src: '0441234567', dst: '201', start: '2025-03-14 11:05:00', uniqueid: 't.3' }) +
        masterLine({ src: '0441234567', dst: '201', start: '2025-03-14 11:10:00', uniqueid: 't.4' }),
    );
    expect(counts(await importNow())).toMatchObject({ lines: 3, stored: 3, duplicates: 0 });
    expect(await eventsOf(romashka)).toHaveLength(9);
  });

  it('logs or skips internal calls as N says', async () => {
    const lines = (prefix: string, start: string) =>
      masterLine({ src: '201', dst: '202', start, uniqueid: `${prefix}.1` }) +
      masterLine({ src: '201', dst: '305', start, uniqueid: `${prefix}.2` }) +
      masterLine({ src: '305', dst: '306', start, uniqueid: `${prefix}.3` }) +
      masterLine({ src: '0501234567', dst: '201', start, uniqueid: `${prefix}.4` });
    writeFileSync(path.join(dir, 'internal-5.csv'), lines('n5', '2025-03-15 10:00:00'));
    expect(counts(await importNow())).toMatchObject({ lines: 4, stored: 1, internal: 3 });
    await settings({ minNumberLength: 0 });
    writeFileSync(path.join(dir, 'internal-0.csv'), lines('n0', '2025-03-15 11:00:00'));
    expect(counts(await importNow())).toMatchObject({ lines: 4, stored: 4, internal: 0 });
    await settings({ minNumberLength: 5 });
  });

  it('reports bad lines with file and line number and loads the rest', async () => {
    const bad = path.join(dir, 'bad.csv');
    copyFileSync(fixture('bad/calls.csv'), bad);
    const report = await importNow();
    expect(counts(report)).toMatchObject({ lines: 6, stored: 2, rejected: 4 });
    expect(report.problems.map((p) => [p.file, p.line, p.code])).toEqual([
      [bad, 2, 'cdr_column_count'],
      [bad, 3, 'cdr_bad_date'],
      [bad, 4, 'cdr_quotes'],
      [bad, 5, 'cdr_bad_number'],
    ]);
    expect(report.problems[0]!.message).toBe('Столбцов 15, а должно быть 16, 17, 18, 21');
    expect(report.problems[1]!.message).toContain('«2025-13-40 09:20:00»');
    const page = (await t.admin.get('/api/v1/settings/telephony')).json();
    expect(page.lastImportResult).toContain('отклонено: 4');
    expect(page.lastImportResult).toContain(`${bad}:2: Столбцов 15`);
    // Reported once: the next run starts after them.
    expect(counts(await importNow())).toMatchObject({ lines: 0, rejected: 0 });
  });

  it('reports a path that does not exist and records it on the settings page', async () => {
    await settings({ sourcePath: path.join(dir, 'missing') });
    const res = await t.admin.post('/api/v1/settings/telephony/import');
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('telephony_source_unreadable');
    const page = (await t.admin.get('/api/v1/settings/telephony')).json();
    expect(page.lastImportResult).toMatch(/^Ошибка загрузки: Не удалось прочитать «.*missing»: ENOENT/);
    await settings({ sourcePath: dir });
  });

  it('polls the path as a job while loading is on', async () => {
    writeFileSync(
      path.join(dir, 'job.csv'),
      masterLine({ src: '0501234567', dst: '201', start: '2025-03-16 10:00:00', uniqueid: 'j.1' }),
    );
    await settings({ isLoadingEnabled: true, pollIntervalSeconds: 5 });
    const before = (await t.admin.get('/api/v1/settings/telephony')).json().lastImportAt;
    t.services.callImport.start();
    try {
      let page = (await t.admin.get('/api/v1/settings/telephony')).json();
      while (page.lastImportAt === before) {
        await new Promise((r) => setTimeout(r, 50));
        page = (await t.admin.get('/api/v1/settings/telephony')).json();
      }
      expect(page.lastImportResult).toMatch(/^Файлов: \d+, строк: 1; загружено: 1,/);
    } finally {
      await t.services.callImport.stop();
      await settings({ isLoadingEnabled: false });
    }
    expect(await eventsOf(ivanov)).toHaveLength(10);
  });
});

describe('kartoteka calls import', () => {
  let db: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(path.join(tmpdir(), 'kartoteka-cdr-cli-'));
    mkdirSync(path.join(dir, 'pbx'));
    copyFileSync(fixture('master/Master.csv'), path.join(dir, 'pbx', 'Master.csv'));
    copyFileSync(fixture('bad/calls.csv'), path.join(dir, 'calls.csv'));
  });
  afterAll(async () => {
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads files and directories, prints the report with each bad line, exits 2 on rejected lines', async () => {
    const env = cliEnv(db, { LANG: 'en_US.UTF-8' });
    const bad = path.join(dir, 'calls.csv');
    const first = await runCli(['calls', 'import', path.join(dir, 'pbx'), bad], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(2);
    // No SIP numbers are set here and N is 0: every call is logged, by the channels' peers.
    expect(first.stdout.split('\n')).toEqual([
      'Files: 2, lines: 14; stored: 10, duplicates: 0, internal: 0, rejected: 4',
      `${bad}:2: 15 columns, expected 16, 17, 18, 21`,
      `${bad}:3: Invalid date in column start: "2025-13-40 09:20:00" (expected YYYY-MM-DD HH:MM:SS)`,
      `${bad}:4: Unbalanced quotes, or no delimiter after a closing quote`,
      `${bad}:5: Column duration must be a whole number of seconds, not "abc"`,
      '',
    ]);

    appendFileSync(
      path.join(dir, 'pbx', 'Master.csv'),
      masterLine({ src: '0501234567', dst: '201', start: '2025-03-20 10:00:00', uniqueid: 'c.1' }),
    );
    const second = await runCli(['calls', 'import', path.join(dir, 'pbx'), bad], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('Files: 2, lines: 1; stored: 1, duplicates: 0, internal: 0, rejected: 0\n');

    const missing = await runCli(['calls', 'import', path.join(dir, 'nope.csv')], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^kartoteka: Cannot read ".*nope\.csv": ENOENT/);
  });

  it('reads the last line of a named file also without its line end: an export is finished', async () => {
    const env = cliEnv(db, { LANG: 'en_US.UTF-8' });
    const file = path.join(dir, 'export.csv');
    writeFileSync(
      file,
      masterLine({ src: '0501234567', dst: '201', start: '2025-03-21 10:00:00', uniqueid: 'e.1' }) +
        masterLine({
          src: '0501234567',
          dst: '201',
          start: '2025-03-21 11:00:00',
          uniqueid: 'e.2',
        }).trimEnd(),
    );
    const run = await runCli(['calls', 'import', file], env);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('Files: 1, lines: 2; stored: 2, duplicates: 0, internal: 0, rejected: 0\n');
    const again = await runCli(['calls', 'import', file], env);
    expect(again.stdout).toBe('Files: 1, lines: 0; stored: 0, duplicates: 0, internal: 0, rejected: 0\n');
  });
});

describe('call-record import from a named file', () => {
  let t: TestApp;
  let dir: string;
  let ivanov: number;

  const importNow = async (): Promise<CallImportReport> => {
    const res = await t.admin.post('/api/v1/settings/telephony/import');
    expect(res.statusCode, res.body).toBe(200);
    return res.json<CallImportReport>();
  };
  const settings = (body: Record<string, unknown>) =>
    t.admin.put('/api/v1/settings/telephony', body).then((r) => expect(r.statusCode, r.body).toBe(200));
  const callsOfIvanov = async (): Promise<string[]> => {
    const res = await t.admin.get(`/api/v1/events?clientId=${ivanov}&limit=100&sort=startsAt&order=asc`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: EventItem[] }>().items.map((e) => e.startsAt);
  };
  /** An incoming call from Ivanov to 201 at 10:MM on 2025-04-DD, local time. */
  const call = (day: number, minute: number) =>
    masterLine({
      src: '0501234567',
      dst: '201',
      start: `2025-04-${String(day).padStart(2, '0')} 10:${String(minute).padStart(2, '0')}:00`,
      uniqueid: `${day}.${minute}`,
    });
  const at = (day: number, minute: number) =>
    `2025-04-${String(day).padStart(2, '0')}T07:${String(minute).padStart(2, '0')}:00.000Z`;

  beforeAll(async () => {
    t = await createTestApp();
    dir = mkdtempSync(path.join(tmpdir(), 'kartoteka-cdr-file-'));
    const res = await t.admin.post('/api/v1/clients', {
      name: 'Иванов Пётр',
      phones: [{ number: '+38 (050) 123-45-67' }],
    });
    expect(res.statusCode, res.body).toBe(201);
    ivanov = res.json<{ id: number }>().id;
    await settings({ minNumberLength: 5, timeZone: 'Europe/Kyiv' });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finishes the rotated file before the new one and leaves the directory’s other files alone', async () => {
    const pbx = path.join(dir, 'pbx');
    mkdirSync(pbx);
    const file = path.join(pbx, 'Master.csv');
    writeFileSync(file, call(1, 0));
    writeFileSync(path.join(pbx, 'Master-old.csv'), call(1, 1));
    await settings({ sourcePath: file });
    expect(counts(await importNow())).toMatchObject({ files: 1, lines: 1, stored: 1 });

    // Written after our run, then logrotate renamed the file and the PBX began a new one.
    appendFileSync(file, call(1, 2) + call(1, 3));
    renameSync(file, `${file}.1`);
    writeFileSync(file, call(1, 4));
    expect(counts(await importNow())).toEqual({
      files: 2,
      lines: 3,
      stored: 3,
      duplicates: 0,
      internal: 0,
      rejected: 0,
    });
    expect(await callsOfIvanov()).toEqual([at(1, 0), at(1, 2), at(1, 3), at(1, 4)]);

    // Read to its end, the rotated file is not looked at again.
    appendFileSync(file, call(1, 5));
    expect(counts(await importNow())).toMatchObject({ files: 1, lines: 1, stored: 1 });
    expect(await callsOfIvanov()).toHaveLength(5);
  });

  it('takes a last line without a line end once nobody has written the file for a minute', async () => {
    const file = path.join(dir, 'export.csv');
    writeFileSync(file, call(2, 0) + call(2, 1).trimEnd());
    await settings({ sourcePath: file });
    // Just written: the PBX may still be writing that line.
    expect(counts(await importNow())).toMatchObject({ lines: 1, stored: 1 });
    const past = new Date(Date.now() - 120_000);
    utimesSync(file, past, past);
    expect(counts(await importNow())).toMatchObject({ lines: 1, stored: 1, rejected: 0 });
    expect(counts(await importNow())).toMatchObject({ lines: 0 });
    expect((await callsOfIvanov()).slice(-2)).toEqual([at(2, 0), at(2, 1)]);
  });

  it('meets a file another process has just begun: goes on from that process’s row', async () => {
    const file = path.join(dir, 'race.csv');
    writeFileSync(file, call(3, 0) + call(3, 1) + call(3, 2));
    const other = new CallImportService(t.ctx, t.services);
    let otherReport: CallImportReport | null = null;
    // The other process inserts the file's row between this one's look-up and its insert.
    const db = t.ctx.database.db;
    const racing = new Proxy(db, {
      get(target, key) {
        const value: unknown = Reflect.get(target, key, target);
        if (typeof value === 'function' && key !== 'insertInto')
          return (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(target, args);
        if (key !== 'insertInto') return value;
        return (table: keyof DB) => {
          const builder = target.insertInto(table);
          if (table !== 'telephony_import_files' || otherReport) return builder;
          return beforeExecuting(builder, async () => {
            otherReport = await other.importPaths([file]);
          });
        };
      },
    });
    const one = new CallImportService({ ...t.ctx, database: { ...t.ctx.database, db: racing } }, t.services);
    const report = await one.importPaths([file]);
    expect(counts(otherReport!)).toMatchObject({ files: 1, lines: 3, stored: 3 });
    expect(counts(report)).toMatchObject({ files: 1, lines: 0, stored: 0, rejected: 0 });
    expect((await callsOfIvanov()).filter((s) => s.startsWith('2025-04-03'))).toHaveLength(3);
  });

  it('stop() waits for a poll still reading the settings, and that poll loads nothing', async () => {
    const file = path.join(dir, 'job.csv');
    writeFileSync(file, call(4, 0));
    await settings({ sourcePath: file, isLoadingEnabled: true, pollIntervalSeconds: 5 });
    const service = t.services.telephonySettings;
    const read = service.get.bind(service);
    let release = () => undefined as void;
    const held = new Promise<void>((r) => (release = r));
    const get = vi.spyOn(service, 'get').mockImplementationOnce(async () => {
      await held;
      return read();
    });
    const recordImport = vi.spyOn(service, 'recordImport');
    try {
      t.services.callImport.start();
      let stopped = false;
      const stopping = t.services.callImport.stop().then(() => (stopped = true));
      await new Promise((r) => setImmediate(r));
      expect(stopped).toBe(false);
      release();
      await stopping;
      expect(recordImport).not.toHaveBeenCalled();
    } finally {
      get.mockRestore();
      recordImport.mockRestore();
      await settings({ isLoadingEnabled: false });
    }
    expect((await callsOfIvanov()).filter((s) => s.startsWith('2025-04-04'))).toEqual([]);
  });
});

/** `builder` (a Kysely query builder) whose execution first runs `before`. */
function beforeExecuting<T extends object>(builder: T, before: () => Promise<void>): T {
  return new Proxy(builder, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (String(key).startsWith('execute')) return before().then(() => value.apply(target, args));
        const next: unknown = value.apply(target, args);
        return typeof next === 'object' && next !== null ? beforeExecuting(next, before) : next;
      };
    },
  });
}
