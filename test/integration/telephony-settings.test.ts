import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app.js';
import { ADMIN_ROLE } from '../../src/server/modules/auth/roles.service.js';

interface FieldError {
  path: string;
  code: string;
  message: string;
}
const fields = (res: { json: () => { error: { details: { fields: FieldError[] } } } }) =>
  Object.fromEntries(res.json().error.details.fields.map((f) => [f.path, f.message]));

describe('telephony settings (Настройка → Параметры → Настройки)', () => {
  let t: TestApp;
  let operator: Client;
  let english: Client;

  beforeAll(async () => {
    t = await createTestApp();
    await t.services.users.create({ login: 'operator', fullName: 'Оператор', password: 'operator-password' });
    await t.services.users.create({
      login: 'english',
      fullName: 'English',
      password: 'english-password',
      locale: 'en',
    });
    operator = await t.login('operator', 'operator-password');
    english = await t.login('english', 'english-password');
  });
  afterAll(() => t.close());

  it('starts with loading off and the defaults; any signed-in user may read them', async () => {
    const res = await operator.get('/api/v1/settings/telephony');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      isLoadingEnabled: false,
      sourcePath: '',
      minNumberLength: 0,
      pollIntervalSeconds: 60,
      timeZone: 'Europe/Kyiv',
      lastImportAt: null,
      lastImportResult: null,
    });
    expect((await t.anonymous.get('/api/v1/settings/telephony')).statusCode).toBe(401);
  });

  it('saves the settings and reads them back; omitted fields keep their value', async () => {
    const res = await t.admin.put('/api/v1/settings/telephony', {
      isLoadingEnabled: true,
      sourcePath: ' /var/spool/asterisk/cdr-csv/Master.csv ',
      minNumberLength: 4,
      pollIntervalSeconds: 5,
      timeZone: 'Europe/Warsaw',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      isLoadingEnabled: true,
      sourcePath: '/var/spool/asterisk/cdr-csv/Master.csv',
      minNumberLength: 4,
      pollIntervalSeconds: 5,
      timeZone: 'Europe/Warsaw',
    });
    const partial = await t.admin.put('/api/v1/settings/telephony', { pollIntervalSeconds: 86_400 });
    expect(partial.json()).toMatchObject({
      sourcePath: '/var/spool/asterisk/cdr-csv/Master.csv',
      pollIntervalSeconds: 86_400,
    });
    for (const path of ['D:\\cdr', 'c:/calls/log.csv', '\\\\pbx\\cdr']) {
      const ok = await t.admin.put('/api/v1/settings/telephony', { sourcePath: path });
      expect(ok.statusCode, path).toBe(200);
      expect(ok.json().sourcePath).toBe(path);
    }
    // Where the PBX's manager interface is and who logs in: for the parameters area only.
    const ami = await t.admin.put('/api/v1/settings/telephony', { amiHost: '10.0.0.5', amiUser: 'crm' });
    expect(ami.json()).toMatchObject({ amiHost: '10.0.0.5', amiUser: 'crm' });
    expect((await operator.get('/api/v1/settings/telephony')).json()).toMatchObject({
      amiHost: '',
      amiUser: '',
    });
    await t.admin.put('/api/v1/settings/telephony', { sourcePath: '/var/spool/cdr' });
    expect((await operator.get('/api/v1/settings/telephony')).json()).toMatchObject({
      isLoadingEnabled: true,
      sourcePath: '/var/spool/cdr',
      minNumberLength: 4,
      pollIntervalSeconds: 86_400,
      timeZone: 'Europe/Warsaw',
    });
  });

  it('refuses bad values field by field, in the caller’s language, and keeps what was saved', async () => {
    const saved = (await t.admin.get('/api/v1/settings/telephony')).json();

    const bad = await t.admin.put('/api/v1/settings/telephony', {
      minNumberLength: -1,
      pollIntervalSeconds: 4,
      timeZone: 'Mars/Olympus',
      sourcePath: 'cdr/relative',
    });
    expect(bad.statusCode).toBe(400);
    expect(fields(bad)).toEqual({
      minNumberLength: 'Не может быть отрицательным',
      pollIntervalSeconds: 'Интервал опроса: от 5 до 86400 секунд',
      timeZone: 'Неизвестный часовой пояс (пример: Europe/Kyiv)',
      sourcePath: 'Укажите полный путь: /var/spool/cdr, D:\\cdr или \\\\сервер\\папка',
    });
    const tooLong = await t.admin.put('/api/v1/settings/telephony', { pollIntervalSeconds: 86_401 });
    expect(fields(tooLong)).toEqual({ pollIntervalSeconds: 'Интервал опроса: от 5 до 86400 секунд' });
    const fraction = await t.admin.put('/api/v1/settings/telephony', { minNumberLength: 2.5, extra: 1 });
    expect(Object.keys(fields(fraction)).sort()).toEqual(['extra', 'minNumberLength']);

    // Loading needs a path: clearing it while loading is on, or turning loading on without one.
    const emptyPath = await t.admin.put('/api/v1/settings/telephony', { sourcePath: '  ' });
    expect(emptyPath.statusCode).toBe(400);
    expect(emptyPath.json().error.code).toBe('validation_failed');
    expect(fields(emptyPath)).toEqual({
      sourcePath: 'Укажите путь к записям звонков, чтобы включить загрузку',
    });
    expect((await t.admin.get('/api/v1/settings/telephony')).json()).toEqual(saved);

    const off = await t.admin.put('/api/v1/settings/telephony', { isLoadingEnabled: false, sourcePath: '' });
    expect(off.statusCode).toBe(200);
    // Not an administrator: refused before anything is checked.
    const notAdmin = await english.put('/api/v1/settings/telephony', { isLoadingEnabled: true });
    expect(notAdmin.statusCode).toBe(403);
    const adminOn = await t.admin.put('/api/v1/settings/telephony', { isLoadingEnabled: true });
    expect(fields(adminOn)).toEqual({
      sourcePath: 'Укажите путь к записям звонков, чтобы включить загрузку',
    });
    const restored = await t.admin.put('/api/v1/settings/telephony', {
      isLoadingEnabled: true,
      sourcePath: '/var/spool/cdr',
    });
    expect(restored.statusCode).toBe(200);
  });

  it('answers field errors in English for an English-speaking administrator', async () => {
    await t.services.users.update((await t.services.users.findIdByLogin('english'))!, {
      roleIds: [await t.services.roles.idByCode(ADMIN_ROLE)],
    });
    const admin = await t.login('english', 'english-password');
    const res = await admin.put('/api/v1/settings/telephony', { minNumberLength: -3, timeZone: 'Nowhere' });
    expect(res.json().error.message).toBe('Please check the data you entered');
    expect(fields(res)).toEqual({
      minNumberLength: 'Cannot be negative',
      timeZone: 'Unknown time zone (e.g. Europe/Kyiv)',
    });
  });

  it('lets only the administrator change the settings', async () => {
    const res = await operator.put('/api/v1/settings/telephony', { minNumberLength: 9 });
    expect(res.statusCode).toBe(403);
    expect((await operator.get('/api/v1/settings/telephony')).json().minNumberLength).toBe(4);
  });

  it('shows the last import time and result reported by the telephony import', async () => {
    const at = new Date('2025-03-01T08:30:00.000Z');
    await t.services.telephonySettings.recordImport('Загружено 12 звонков, пропущено 3', at);
    expect((await operator.get('/api/v1/settings/telephony')).json()).toMatchObject({
      lastImportAt: '2025-03-01T08:30:00.000Z',
      lastImportResult: 'Загружено 12 звонков, пропущено 3',
      sourcePath: '/var/spool/cdr',
    });
    await t.services.telephonySettings.recordImport('OK');
    const now = (await operator.get('/api/v1/settings/telephony')).json();
    expect(now.lastImportResult).toBe('OK');
    expect(Date.parse(now.lastImportAt)).toBeGreaterThan(at.getTime());
  });

  it('records every change (not the import status) with old → new and who made it', async () => {
    const res = await t.admin.get('/api/v1/settings/changes?area=telephony&limit=500');
    const { items, total } = res.json();
    // First save, interval, three paths, the AMI host, the path back, loading off, loading on;
    // refusals left nothing.
    expect(total).toBe(9);
    expect(items.every((c: { entity: string }) => c.entity === 'telephony_settings')).toBe(true);
    expect(items.at(-1)).toMatchObject({
      action: 'update',
      entityId: '1',
      user: { login: 'admin' },
      changes: {
        isLoadingEnabled: { old: false, new: true },
        sourcePath: { old: '', new: '/var/spool/asterisk/cdr-csv/Master.csv' },
        minNumberLength: { old: 0, new: 4 },
        pollIntervalSeconds: { old: 60, new: 5 },
        timeZone: { old: 'Europe/Kyiv', new: 'Europe/Warsaw' },
      },
    });
    expect(items[0].changes).toEqual({
      isLoadingEnabled: { old: false, new: true },
      sourcePath: { old: '', new: '/var/spool/cdr' },
    });
    expect(JSON.stringify(items)).not.toContain('Загружено');
  });
});
