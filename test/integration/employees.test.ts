import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';

const SECRET = 'Mailbox-Secret-7713';

describe('employees (Общие справочники → Список работников)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('creates an employee; the mailbox password is encrypted at rest and only reported as set', async () => {
    const res = await t.admin.post('/api/v1/employees', {
      fullName: '  Бондаренко Ірина ',
      position: 'Бухгалтер',
      department: 'Бухгалтерія',
      phones: ['+380 44 000 11 22'],
      email: 'iryna@example.com',
      mailboxPassword: SECRET,
    });
    expect(res.statusCode).toBe(201);
    const emp = res.json();
    expect(emp).toMatchObject({
      fullName: 'Бондаренко Ірина',
      email: 'iryna@example.com',
      phones: ['+380 44 000 11 22'],
      hasMailboxPassword: true,
      isActive: true,
      users: [],
    });
    expect(res.body).not.toContain(SECRET);
    expect(Object.keys(emp)).not.toContain('mailboxPassword');

    const raw = await t.ctx.database.db
      .selectFrom('employees')
      .selectAll()
      .where('id', '=', emp.id)
      .executeTakeFirstOrThrow();
    expect(raw.mailbox_password_enc).toMatch(/^v1:/);
    expect(raw.mailbox_password_enc).not.toContain(SECRET);
    expect(raw.mailbox_password_enc).not.toContain(Buffer.from(SECRET).toString('base64'));
    expect(await t.services.employees.mailboxCredentials(emp.id)).toEqual({
      email: 'iryna@example.com',
      password: SECRET,
    });

    const list = await t.admin.get('/api/v1/employees');
    expect(list.body).not.toContain(SECRET);
    expect(list.body).not.toContain('v1:');
  });

  it('keeps the mailbox password when omitted, replaces or clears it on request', async () => {
    const emp = (
      await t.admin.post('/api/v1/employees', {
        fullName: 'Keep',
        email: 'k@example.com',
        mailboxPassword: 'one',
      })
    ).json();
    const kept = await t.admin.patch(`/api/v1/employees/${emp.id}`, { position: 'Менеджер' });
    expect(kept.json()).toMatchObject({ position: 'Менеджер', hasMailboxPassword: true });
    expect((await t.services.employees.mailboxCredentials(emp.id))?.password).toBe('one');
    await t.admin.patch(`/api/v1/employees/${emp.id}`, { mailboxPassword: 'two' });
    expect((await t.services.employees.mailboxCredentials(emp.id))?.password).toBe('two');
    const cleared = await t.admin.patch(`/api/v1/employees/${emp.id}`, { mailboxPassword: null });
    expect(cleared.json().hasMailboxPassword).toBe(false);
    expect(await t.services.employees.mailboxCredentials(emp.id)).toBeNull();
  });

  it('validates fields and answers in the caller’s language', async () => {
    const res = await t.admin.request(
      'POST',
      '/api/v1/employees',
      { fullName: '', email: 'not-an-email', phones: ['abc'], salary: 1 },
      { 'accept-language': 'uk' },
    );
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    // The signed-in admin's own language (ru) wins over the header.
    expect(error.message).toBe('Проверьте введённые данные');
    const paths = error.details.fields.map((f: { path: string }) => f.path).sort();
    expect(paths).toEqual(['email', 'fullName', 'phones.0', 'salary']);
    expect(error.details.fields.find((f: { path: string }) => f.path === 'fullName').message).toBe(
      'Обязательное поле',
    );
    expect(error.details.fields.find((f: { path: string }) => f.path === 'salary').code).toBe(
      'unrecognized_keys',
    );
    expect(
      (await t.admin.get('/api/v1/employees'))
        .json()
        .some((e: { email: string }) => e.email === 'not-an-email'),
    ).toBe(false);
  });

  it('filters by text and activity', async () => {
    await t.admin.post('/api/v1/employees', { fullName: 'Архивный Сотрудник', isActive: false });
    const inactive = (await t.admin.get('/api/v1/employees?active=false')).json();
    expect(inactive.map((e: { fullName: string }) => e.fullName)).toEqual(['Архивный Сотрудник']);
    const byDept = (await t.admin.get('/api/v1/employees?q=бухгалт')).json();
    expect(byDept.map((e: { fullName: string }) => e.fullName)).toEqual(['Бондаренко Ірина']);
  });

  it('refuses to delete an employee a user is linked to, and deletes a free one', async () => {
    const emp = (await t.admin.post('/api/v1/employees', { fullName: 'Linked' })).json();
    await t.services.users.create({
      login: 'linked',
      fullName: 'Linked',
      password: 'linked-password',
      employeeId: emp.id,
    });
    const res = await t.admin.delete(`/api/v1/employees/${emp.id}`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'employee_in_use' });
    expect(res.json().error.message).toContain('linked');

    const free = (await t.admin.post('/api/v1/employees', { fullName: 'Free' })).json();
    expect((await t.admin.delete(`/api/v1/employees/${free.id}`)).statusCode).toBe(200);
    expect((await t.admin.get(`/api/v1/employees/${free.id}`)).statusCode).toBe(404);
    expect((await t.admin.delete(`/api/v1/employees/${free.id}`)).statusCode).toBe(400);
  });
});
