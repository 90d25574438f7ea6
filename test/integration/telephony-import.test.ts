import {
  appendFileSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { cliEnv, runCli } from '../support/cli.js';
import type { CallImportReport } from '../../src/shared/schemas/telephony.js';

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
  const counts = (r: CallImportReport) => ({
    files: r.files,
    lines: r.lines,
    stored: r.stored,
    duplicates: r.duplicates,
    internal: r.internal,
    rejected: r.rejected,
  });

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
});
