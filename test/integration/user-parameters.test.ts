import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app.js';
import { ADMIN_ROLE } from '../../src/server/modules/auth/roles.service.js';

interface FieldError {
  path: string;
  code: string;
  message: string;
}
const field = (res: { json: () => { error: { details: { fields: FieldError[] } } } }, path: string) =>
  res.json().error.details.fields.find((f) => f.path === path);

const DEFAULT_FLAGS = {
  isPhoneAutostart: false,
  isCorporateMail: false,
  isTelephonyStatuses: false,
  isCallPopup: false,
  isNotificationSound: false,
};

describe('user parameters (Настройка → Параметры → Пользователи)', () => {
  let t: TestApp;
  let operator: Client;
  let operatorId: number;
  let secondId: number;
  let englishAdmin: Client;

  beforeAll(async () => {
    t = await createTestApp();
    const employee = await t.services.employees.create({ fullName: 'Оператор Ольга', position: 'Оператор' });
    operatorId = (
      await t.services.users.create({
        login: 'operator',
        fullName: 'Оператор Ольга',
        password: 'operator-password',
        employeeId: employee.id,
      })
    ).id;
    secondId = (
      await t.services.users.create({ login: 'second', fullName: 'Второй', password: 'second-password' })
    ).id;
    const adminRole = await t.services.roles.idByCode(ADMIN_ROLE);
    await t.services.users.create({
      login: 'english',
      fullName: 'English Admin',
      password: 'english-password',
      locale: 'en',
      roleIds: [adminRole],
    });
    operator = await t.login('operator', 'operator-password');
    englishAdmin = await t.login('english', 'english-password');
  });
  afterAll(() => t.close());

  it('gives a user never set up the defaults, with the name and the employee’s position', async () => {
    const res = await t.admin.get(`/api/v1/settings/user-parameters/${operatorId}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      userId: operatorId,
      login: 'operator',
      fullName: 'Оператор Ольга',
      isActive: true,
      position: '',
      employeePosition: 'Оператор',
      phone: null,
      sipNumber: null,
      ...DEFAULT_FLAGS,
      updatedAt: null,
    });

    const list = await t.admin.get('/api/v1/settings/user-parameters');
    expect(list.statusCode).toBe(200);
    const rows = list.json() as { login: string; employeePosition: string | null; updatedAt: null }[];
    expect(rows.map((r) => r.login)).toEqual(['admin', 'english', 'operator', 'second']);
    expect(rows.find((r) => r.login === 'second')).toMatchObject({
      employeePosition: null,
      sipNumber: null,
      ...DEFAULT_FLAGS,
      updatedAt: null,
    });
  });

  it('saves the parameters and reads them back; omitted fields keep their value', async () => {
    const res = await t.admin.put(`/api/v1/settings/user-parameters/${operatorId}`, {
      position: ' Старший оператор ',
      phone: '+380 (44) 123-45-67',
      sipNumber: '101',
      isPhoneAutostart: true,
      isCorporateMail: true,
      isTelephonyStatuses: true,
    });
    expect(res.statusCode).toBe(200);
    const saved = res.json();
    expect(saved).toMatchObject({
      position: 'Старший оператор',
      phone: '+380 (44) 123-45-67',
      sipNumber: '101',
      isPhoneAutostart: true,
      isCorporateMail: true,
      isTelephonyStatuses: true,
      isCallPopup: false,
      isNotificationSound: false,
    });
    expect(saved.updatedAt).toEqual(expect.any(String));

    const partial = await t.admin.put(`/api/v1/settings/user-parameters/${operatorId}`, {
      isCallPopup: true,
    });
    expect(partial.json()).toMatchObject({
      sipNumber: '101',
      phone: '+380 (44) 123-45-67',
      isCallPopup: true,
    });

    const again = (await t.admin.get(`/api/v1/settings/user-parameters/${operatorId}`)).json();
    expect(again).toMatchObject({ position: 'Старший оператор', sipNumber: '101', isCallPopup: true });
    const listed = (await t.admin.get('/api/v1/settings/user-parameters'))
      .json()
      .find((r: { userId: number }) => r.userId === operatorId);
    expect(listed).toEqual(again);
  });

  it('keeps SIP numbers unique among users: the second user gets a field error, nothing changes', async () => {
    const before = (await t.admin.get(`/api/v1/settings/user-parameters/${operatorId}`)).json();
    const res = await t.admin.put(`/api/v1/settings/user-parameters/${secondId}`, {
      phone: '+380 44 000 00 02',
      sipNumber: ' 101 ',
    });
    expect(res.statusCode).toBe(409);
    const { error } = res.json();
    expect(error.code).toBe('sip_number_taken');
    expect(error.message).toBe('SIP-номер «101» уже закреплён за другим пользователем');
    expect(error.details.fields).toEqual([
      {
        path: 'sipNumber',
        code: 'sip_taken',
        message: 'Этот SIP-номер уже закреплён за другим пользователем',
      },
    ]);
    // Who holds the number is not told.
    expect(res.body).not.toContain('operator');
    expect(res.body).not.toContain('Ольга');

    expect((await t.admin.get(`/api/v1/settings/user-parameters/${operatorId}`)).json()).toEqual(before);
    expect((await t.admin.get(`/api/v1/settings/user-parameters/${secondId}`)).json()).toMatchObject({
      phone: null,
      sipNumber: null,
      updatedAt: null,
    });

    // The holder may save its own number again; once cleared, the number is free for another user.
    expect(
      (await t.admin.put(`/api/v1/settings/user-parameters/${operatorId}`, { sipNumber: '101' })).statusCode,
    ).toBe(200);
    const cleared = await t.admin.put(`/api/v1/settings/user-parameters/${operatorId}`, { sipNumber: '' });
    expect(cleared.json().sipNumber).toBeNull();
    const taken = await t.admin.put(`/api/v1/settings/user-parameters/${secondId}`, { sipNumber: '101' });
    expect(taken.statusCode).toBe(200);
    expect(taken.json().sipNumber).toBe('101');
    await t.admin.put(`/api/v1/settings/user-parameters/${operatorId}`, { sipNumber: '102' });
  });

  it('reports phone and SIP format errors per field in the caller’s language', async () => {
    const bad = { phone: 'call me', sipNumber: 'сто один', isCallPopup: 'yes', color: 'red' };
    const en = await englishAdmin.put(`/api/v1/settings/user-parameters/${secondId}`, bad);
    expect(en.statusCode).toBe(400);
    expect(en.json().error.message).toBe('Please check the data you entered');
    expect(field(en, 'phone')?.message).toBe('Phone: digits, spaces, +, -, (, )');
    expect(field(en, 'sipNumber')?.message).toBe(
      'SIP number: up to 32 characters — digits and Latin letters, also * # + . _ -',
    );
    expect(field(en, 'isCallPopup')).toBeDefined();
    expect(field(en, 'color')?.code).toBe('unrecognized_keys');

    const ru = await t.admin.put(`/api/v1/settings/user-parameters/${secondId}`, {
      phone: '--',
      sipNumber: 'x'.repeat(33),
    });
    expect(ru.statusCode).toBe(400);
    expect(field(ru, 'phone')?.message).toBe('Телефон: цифры, пробелы, +, -, (, )');
    expect(field(ru, 'sipNumber')?.message).toBe(
      'SIP-номер: до 32 символов — цифры и латинские буквы, а также * # + . _ -',
    );
    expect((await t.admin.get(`/api/v1/settings/user-parameters/${secondId}`)).json()).toMatchObject({
      phone: null,
      sipNumber: '101',
    });

    const ok = await englishAdmin.put(`/api/v1/settings/user-parameters/${secondId}`, {
      sipNumber: '*7#A.b_c-+',
    });
    expect(ok.statusCode).toBe(200);
  });

  it('gives one SIP number to only one of two users saving it at the same time', async () => {
    const [a, b] = await Promise.all(
      ['third', 'fourth'].map((login) =>
        t.services.users.create({ login, fullName: login, password: `${login}-password` }),
      ),
    );
    const results = await Promise.all(
      [a!, b!].map((u) => t.admin.put(`/api/v1/settings/user-parameters/${u.id}`, { sipNumber: '777' })),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(
      field(
        results.find((r) => r.statusCode === 409)!,
        'sipNumber',
      )?.code,
    ).toBe('sip_taken');
    const holders = (await t.admin.get('/api/v1/settings/user-parameters'))
      .json()
      .filter((r: { sipNumber: string | null }) => r.sipNumber === '777');
    expect(holders).toHaveLength(1);
  });

  it('answers 404 for an unknown user', async () => {
    expect((await t.admin.get('/api/v1/settings/user-parameters/999999')).statusCode).toBe(404);
    const res = await t.admin.put('/api/v1/settings/user-parameters/999999', { position: 'x' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });

  it('lets only the administrator read others and change; every user reads their own', async () => {
    const put = await operator.put(`/api/v1/settings/user-parameters/${operatorId}`, { sipNumber: '555' });
    expect(put.statusCode).toBe(403);
    expect((await operator.get('/api/v1/settings/user-parameters')).statusCode).toBe(403);
    expect((await operator.get(`/api/v1/settings/user-parameters/${secondId}`)).statusCode).toBe(403);
    expect((await t.anonymous.get('/api/v1/me/parameters')).statusCode).toBe(401);

    const own = await operator.get('/api/v1/me/parameters');
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({
      userId: operatorId,
      login: 'operator',
      position: 'Старший оператор',
      employeePosition: 'Оператор',
      sipNumber: '102',
      isPhoneAutostart: true,
      isCallPopup: true,
    });
    const mine = await t.admin.get('/api/v1/me/parameters');
    expect(mine.json()).toMatchObject({ login: 'admin', sipNumber: null, updatedAt: null });
  });

  it('documents the routes in the OpenAPI document', async () => {
    const doc = (await t.anonymous.get('/api/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/settings/user-parameters',
        '/api/v1/settings/user-parameters/{userId}',
        '/api/v1/me/parameters',
        '/api/v1/settings/telephony',
      ]),
    );
    expect(doc.paths['/api/v1/settings/user-parameters/{userId}'].put.requestBody).toBeDefined();
  });

  it('records every change in the settings change log with old → new and who made it', async () => {
    const res = await t.admin.get(
      `/api/v1/settings/changes?area=parameters&entity=user_parameters&entityId=${operatorId}`,
    );
    expect(res.statusCode).toBe(200);
    const { items, total } = res.json();
    // Saved: all fields, the pop-up, SIP again (no change: not recorded), SIP cleared, SIP 102.
    expect(total).toBe(4);
    expect(items.map((c: { action: string }) => c.action)).toEqual(['update', 'update', 'update', 'update']);
    expect(items[0]).toMatchObject({
      area: 'parameters',
      entity: 'user_parameters',
      entityId: String(operatorId),
      user: { login: 'admin' },
      changes: { sipNumber: { old: null, new: '102' } },
    });
    expect(items[3].changes).toEqual({
      position: { old: '', new: 'Старший оператор' },
      phone: { old: null, new: '+380 (44) 123-45-67' },
      sipNumber: { old: null, new: '101' },
      isPhoneAutostart: { old: false, new: true },
      isCorporateMail: { old: false, new: true },
      isTelephonyStatuses: { old: false, new: true },
    });
    const refused = await t.admin.get(`/api/v1/settings/changes?entity=user_parameters&entityId=${secondId}`);
    // The refused and invalid saves left no trace; the two accepted ones did.
    expect(refused.json().total).toBe(2);
    expect(refused.json().items[0]).toMatchObject({
      user: { login: 'english' },
      changes: { sipNumber: { old: '101', new: '*7#A.b_c-+' } },
    });
  });
});
