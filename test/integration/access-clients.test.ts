import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client as HttpClient, type TestApp } from '../support/app.js';
import { grantAccess } from '../support/access.js';
import type { Client, ClientPage } from '../../src/shared/schemas/clients.js';
import type { ImportReport } from '../../src/shared/schemas/imports.js';

// Valid ЄДРПОУ codes (check digit correct).
const TAX = {
  own: '31000000',
  dept: '31000016',
  vera: '31000021',
  nobody: '31000037',
  fresh: '31000042',
  unused: '31000058',
};
const SHARED_PHONE = '+380 44 555 00 11';
const SHARED_EMAIL = 'shared@access.example';

/**
 * Доступ к данным for the client card file: lists, search, lookups, duplicates, export, cards,
 * changes, deletion, merge and import reach only the clients the user's level allows, or those
 * naming them as responsible.
 */
describe('client access', () => {
  let t: TestApp;
  /** Level department for reading, own for changing and exporting; department «Продажи». */
  let anna: HttpClient;
  let annaId: number;
  /** No rights; department «Продажи» until a test moves her. */
  let borisId: number;
  let borisEmployee: number;
  /** No rights at all; responsible for one client. */
  let vera: HttpClient;
  let veraId: number;
  /** The default role «Сотрудник». */
  let staff: HttpClient;
  const c: Record<'own' | 'dept' | 'vera' | 'nobody', Client> = {} as never;

  const user = async (
    login: string,
    fullName: string,
    extra: { roleIds?: number[]; employeeId?: number },
  ) => {
    const u = await t.services.users.create({ login, fullName, password: `${login}-password-1`, ...extra });
    return { id: u.id, client: await t.login(login, `${login}-password-1`) };
  };
  const grant = (userId: number, body: Record<string, unknown>) => grantAccess(t, userId, body);
  const create = async (body: Record<string, unknown>, as: HttpClient = t.admin): Promise<Client> => {
    const res = await as.post('/api/v1/clients', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Client>();
  };
  const names = (items: { name: string }[]) => items.map((i) => i.name).sort();
  const listed = async (as: HttpClient, query = '') => {
    const res = await as.get(`/api/v1/clients?limit=100&q=${encodeURIComponent('Доступ')}${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return names(res.json<ClientPage>().items);
  };

  beforeAll(async () => {
    t = await createTestApp();
    const sales = await t.services.employees.create({ fullName: 'Анна Продажи', department: 'Продажи' });
    const boris = await t.services.employees.create({ fullName: 'Борис Продажи', department: 'Продажи' });
    const store = await t.services.employees.create({ fullName: 'Вера Склад', department: 'Склад' });
    borisEmployee = boris.id;
    ({ id: annaId, client: anna } = await user('anna', 'Анна', { roleIds: [], employeeId: sales.id }));
    borisId = (await user('boris', 'Борис', { roleIds: [], employeeId: boris.id })).id;
    ({ id: veraId, client: vera } = await user('vera', 'Вера', { roleIds: [], employeeId: store.id }));
    staff = (await user('staff', 'Штатный', {})).client;
    await grant(annaId, {
      permissions: {
        clients: { read: 'department', create: 'all', edit: 'own', delete: 'own', export: 'own' },
      },
    });
    const common = { phones: [{ number: SHARED_PHONE }], emails: [SHARED_EMAIL], tags: ['доступ'] };
    c.own = await create({ name: 'Доступ Анны', taxId: TAX.own, responsibleId: annaId, ...common });
    c.dept = await create({ name: 'Доступ Бориса', taxId: TAX.dept, responsibleId: borisId, ...common });
    c.vera = await create({ name: 'Доступ Веры', taxId: TAX.vera, responsibleId: veraId, ...common });
    c.nobody = await create({ name: 'Доступ ничей', taxId: TAX.nobody, ...common });
  });
  afterAll(() => t.close());

  it('lists and searches only the clients within the level, or naming the user', async () => {
    const all = names(Object.values(c));
    expect(await listed(t.admin)).toEqual(all);
    expect(await listed(staff)).toEqual(all);
    expect(await listed(anna)).toEqual(['Доступ Анны', 'Доступ Бориса']);
    // Level none: only the client she is responsible for.
    expect(await listed(vera)).toEqual(['Доступ Веры']);
    // Filters narrow within what is visible; they do not widen it.
    expect(await listed(anna, `&responsibleId=${veraId}`)).toEqual([]);
    expect(await listed(anna, '&tag=доступ')).toEqual(['Доступ Анны', 'Доступ Бориса']);
    // A phone typed as the query finds only visible clients too.
    const byPhone = await anna.get(`/api/v1/clients?q=${encodeURIComponent(SHARED_PHONE)}`);
    expect(names(byPhone.json<ClientPage>().items)).toEqual(['Доступ Анны', 'Доступ Бориса']);
  });

  it('lookups and duplicate checks name only visible clients', async () => {
    const lookup = async (as: HttpClient, query: string) => {
      const res = await as.get(`/api/v1/clients/lookup?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return names(res.json<{ name: string }[]>());
    };
    expect(await lookup(anna, `email=${SHARED_EMAIL}`)).toEqual(['Доступ Анны', 'Доступ Бориса']);
    expect(await lookup(anna, `taxId=${TAX.vera}`)).toEqual([]);
    expect(await lookup(vera, `phone=${encodeURIComponent(SHARED_PHONE)}`)).toEqual(['Доступ Веры']);
    expect(await lookup(staff, `email=${SHARED_EMAIL}`)).toHaveLength(4);

    const duplicates = async (as: HttpClient, body: Record<string, unknown>) => {
      const res = await as.post('/api/v1/clients/duplicates', body);
      expect(res.statusCode, res.body).toBe(200);
      return names(res.json<{ name: string }[]>());
    };
    expect(await duplicates(anna, { taxId: TAX.nobody })).toEqual([]);
    expect(await duplicates(anna, { phones: [SHARED_PHONE], emails: [SHARED_EMAIL] })).toEqual([
      'Доступ Анны',
      'Доступ Бориса',
    ]);
    expect(await duplicates(t.admin, { taxId: TAX.nobody })).toEqual(['Доступ ничей']);
  });

  it('exports only clients both readable and within the export level', async () => {
    const csv = async (as: HttpClient) => {
      const res = await as.get(`/api/v1/clients/export?format=csv&q=${encodeURIComponent('Доступ')}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.body;
    };
    // Reads department, exports own.
    const mine = await csv(anna);
    expect(mine).toContain('Доступ Анны');
    expect(mine).not.toContain('Доступ Бориса');
    expect(mine).not.toContain('Доступ Веры');
    const everything = await csv(staff);
    for (const name of names(Object.values(c))) expect(everything).toContain(name);
    // No export level at all: refused.
    expect((await vera.get('/api/v1/clients/export?format=csv')).statusCode).toBe(403);
  });

  it('answers a hidden card exactly like a missing one', async () => {
    const missing = await anna.get('/api/v1/clients/999999');
    expect(missing.statusCode).toBe(404);
    const hidden = await anna.get(`/api/v1/clients/${c.vera.id}`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json()).toEqual(missing.json());
    expect((await anna.get(`/api/v1/clients/${c.dept.id}`)).statusCode).toBe(200);
    // Named as responsible: readable with level none.
    expect((await vera.get(`/api/v1/clients/${c.vera.id}`)).json()).toMatchObject({ id: c.vera.id });
    expect((await vera.get(`/api/v1/clients/${c.own.id}`)).json()).toEqual(missing.json());
  });

  it('changes: 403 for a visible card outside the edit level, 404 for a hidden one', async () => {
    const patch = (as: HttpClient, id: number) => as.patch(`/api/v1/clients/${id}`, { notes: 'Изменено' });
    expect((await patch(anna, c.own.id)).statusCode).toBe(200);
    const denied = await patch(anna, c.dept.id);
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('forbidden');
    expect((await patch(anna, c.vera.id)).statusCode).toBe(404);
    // Being named allows reading, not changing.
    expect((await patch(vera, c.vera.id)).statusCode).toBe(403);
    expect((await t.admin.get(`/api/v1/clients/${c.dept.id}`)).json().notes).toBe('');
    expect((await t.admin.get(`/api/v1/clients/${c.vera.id}`)).json().notes).toBe('');
  });

  it('creating needs a create level', async () => {
    expect((await vera.post('/api/v1/clients', { name: 'Доступ запрещён' })).statusCode).toBe(403);
    const made = await create({ name: 'Доступ Анны новый' }, anna);
    // Her own by authorship, so she reads and changes it.
    expect((await anna.patch(`/api/v1/clients/${made.id}`, { notes: 'моё' })).statusCode).toBe(200);
  });

  it('deleting: the default role deletes only its own clients', async () => {
    const others = await create({ name: 'Доступ чужой для удаления' });
    expect((await staff.delete(`/api/v1/clients/${others.id}`)).statusCode).toBe(403);
    const own = await create({ name: 'Доступ свой для удаления' }, staff);
    expect((await staff.delete(`/api/v1/clients/${own.id}`)).statusCode).toBe(200);
    expect((await anna.delete(`/api/v1/clients/${c.dept.id}`)).statusCode).toBe(403);
    expect((await anna.delete(`/api/v1/clients/${c.vera.id}`)).statusCode).toBe(404);
    expect((await t.admin.get(`/api/v1/clients/${others.id}`)).statusCode).toBe(200);
  });

  it('merging needs edit on the target and delete on the source; a hidden source is unknown', async () => {
    const merge = (target: number, source: number) =>
      anna.post(`/api/v1/clients/${target}/merge`, { sourceId: source });
    const hidden = await merge(c.own.id, c.vera.id);
    const unknown = await merge(c.own.id, 999_999);
    expect(hidden.statusCode).toBe(400);
    expect(unknown.statusCode).toBe(400);
    const problem = (res: typeof hidden) =>
      res
        .json<{ error: { details: { fields: { path: string; code: string }[] } } }>()
        .error.details.fields.map((f) => [f.path, f.code]);
    expect(problem(hidden)).toEqual([['sourceId', 'client_unknown']]);
    expect(problem(hidden)).toEqual(problem(unknown));
    // Visible, but not hers to delete.
    expect((await merge(c.own.id, c.dept.id)).statusCode).toBe(403);
    // Visible target she may not change.
    const mineToMerge = await create({ name: 'Доступ Анны дубль' }, anna);
    expect((await merge(c.dept.id, mineToMerge.id)).statusCode).toBe(403);
    expect((await merge(c.vera.id, mineToMerge.id)).statusCode).toBe(404);
    const ok = await merge(c.own.id, mineToMerge.id);
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await anna.get(`/api/v1/clients/${mineToMerge.id}`)).json().error.details).toEqual({
      mergedIntoId: c.own.id,
    });
    expect((await t.admin.get(`/api/v1/clients/${c.dept.id}`)).json().mergedIntoId).toBeNull();
  });

  it('a merged card names the card it went into only to those who may read that one', async () => {
    // Hers by authorship, merged by the administrator into a client she cannot see.
    const source = await create({ name: 'Доступ Анны слит' }, anna);
    const hiddenTarget = await create({ name: 'Доступ скрытая цель' });
    const merged = await t.admin.post(`/api/v1/clients/${hiddenTarget.id}/merge`, { sourceId: source.id });
    expect(merged.statusCode, merged.body).toBe(200);
    const res = await anna.get(`/api/v1/clients/${source.id}`);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual((await anna.get('/api/v1/clients/999999')).json());
    // The administrator still follows the link.
    expect((await t.admin.get(`/api/v1/clients/${source.id}`)).json().error.details).toEqual({
      mergedIntoId: hiddenTarget.id,
    });
  });

  /** Anna's import of a CSV file (name, tax id, notes, e-mail). */
  const importAs = async (lines: string[], dryRun: boolean) => {
    const file = ['name,tax,notes,email', ...lines].join('\n');
    const res = await anna.post('/api/v1/clients/import', {
      fileName: 'clients.csv',
      contentBase64: Buffer.from(file).toString('base64'),
      mapping: { name: 0, taxId: 1, notes: 2, emails: 3 },
      dryRun,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<ImportReport>();
  };

  it('imports: a hidden client matches nothing; a dry run cannot tell it from no client at all', async () => {
    const veraEmail = 'vera-only@access.example';
    await t.admin.patch(`/api/v1/clients/${c.vera.id}`, { emails: [SHARED_EMAIL, veraEmail] });
    // By tax id, and by name with an e-mail: the same report whether the client exists or not.
    for (const [hidden, none] of [
      [`Доступ скрытый,${TAX.vera},,`, `Доступ скрытый,${TAX.unused},,`],
      [`Доступ Веры,,,${veraEmail}`, `Доступ Веры,,,nobody-at-all@access.example`],
    ] as const) {
      const matched = await importAs([hidden], true);
      expect(matched).toMatchObject({ created: 1, updated: 0, rejected: 0 });
      expect(matched).toEqual(await importAs([none], true));
    }
  });

  it('imports: rows matching a client the user may read but not change are rejected by line; the rest is saved', async () => {
    const lines = [
      `Доступ Анны,${TAX.own},из файла,`,
      `Доступ Бориса,${TAX.dept},из файла,`,
      // A client she cannot see: added anew, the hidden one left as it is.
      `Доступ скрытый,${TAX.vera},из файла,`,
      `Доступ из файла,${TAX.fresh},из файла,`,
      // A second row of the visible client she may not change: rejected too.
      `Доступ Бориса,${TAX.dept},ещё раз,`,
    ];
    const expected = {
      rows: 5,
      created: 2,
      updated: 1,
      unchanged: 0,
      rejected: 2,
      rejectedRows: [3, 6].map((line) => ({
        line,
        problems: [
          {
            field: 'taxId',
            column: 'tax',
            code: 'import_client_not_editable',
            message: 'Строка совпадает с клиентом, которого у вас нет права изменять',
          },
        ],
      })),
    };
    expect(await importAs(lines, true)).toMatchObject({ dryRun: true, ...expected });
    const report = await importAs(lines, false);
    expect(report).toMatchObject({ dryRun: false, ...expected });
    // Nothing in the report names the hidden client.
    expect(JSON.stringify(report)).not.toContain('Веры');

    const notes = async (id: number) => (await t.admin.get(`/api/v1/clients/${id}`)).json<Client>().notes;
    expect(await notes(c.own.id)).toBe('из файла');
    expect(await notes(c.dept.id)).toBe('');
    expect(await notes(c.vera.id)).toBe('');
    expect((await t.admin.get(`/api/v1/clients/${c.vera.id}`)).json<Client>().name).toBe('Доступ Веры');
    const byTax = async (as: HttpClient, taxId: string) =>
      names((await as.get(`/api/v1/clients/lookup?taxId=${taxId}`)).json<Client[]>());
    expect(await byTax(anna, TAX.fresh)).toEqual(['Доступ из файла']);
    expect(await byTax(anna, TAX.vera)).toEqual(['Доступ скрытый']);
    expect(await byTax(t.admin, TAX.vera)).toEqual(['Доступ Веры', 'Доступ скрытый']);
    // Importing needs a create level, even for a preview.
    const preview = await vera.post('/api/v1/clients/import/preview', {
      fileName: 'clients.csv',
      contentBase64: Buffer.from(['name,tax', ...lines].join('\n')).toString('base64'),
    });
    expect(preview.statusCode).toBe(403);
  });

  it('department comes from the employee card, read on every request', async () => {
    expect(await listed(anna)).toContain('Доступ Бориса');
    await t.services.employees.update(borisEmployee, { department: 'Склад' });
    try {
      expect(await listed(anna)).not.toContain('Доступ Бориса');
      expect((await anna.get(`/api/v1/clients/${c.dept.id}`)).statusCode).toBe(404);
    } finally {
      await t.services.employees.update(borisEmployee, { department: 'Продажи' });
    }
    expect((await anna.get(`/api/v1/clients/${c.dept.id}`)).statusCode).toBe(200);
  });

  it('the level all shows every client; own shows only those she is responsible for or created', async () => {
    await grant(annaId, { permissions: { clients: { read: 'all' } } });
    expect(await listed(anna)).toEqual(expect.arrayContaining(names(Object.values(c))));
    await grant(annaId, { permissions: { clients: { read: 'own' } } });
    const own = await listed(anna);
    expect(own).toContain('Доступ Анны');
    expect(own).toContain('Доступ Анны новый');
    // Created by her import.
    expect(own).toContain('Доступ из файла');
    expect(own).not.toContain('Доступ Бориса');
    expect(own).not.toContain('Доступ Веры');
    await grant(annaId, { permissions: { clients: { read: 'department' } } });
  });

  it('card-file settings: anyone reads them; changing needs the parameters area', async () => {
    expect((await vera.get('/api/v1/settings/card-files')).statusCode).toBe(200);
    expect((await anna.put('/api/v1/settings/card-files', { defaultPhoneCountry: 'PL' })).statusCode).toBe(
      403,
    );
    await grant(annaId, { areas: { parameters: 'write' } });
    const res = await anna.put('/api/v1/settings/card-files', { defaultPhoneCountry: 'UA' });
    expect(res.statusCode, res.body).toBe(200);
  });
});
