import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client as HttpClient, type TestApp } from '../support/app.js';
import type { Client, ClientListItem } from '../../src/shared/schemas/clients.js';

interface FieldError {
  path: string;
  code: string;
  message: string;
}

describe('clients (Картотека клиентов)', () => {
  let t: TestApp;
  let manager: { id: number };
  let user: HttpClient;
  beforeAll(async () => {
    t = await createTestApp();
    manager = await t.services.users.create({
      login: 'manager',
      fullName: 'Петренко Олена',
      password: 'manager-password',
    });
    user = await t.login('manager', 'manager-password');
  });
  afterAll(() => t.close());

  const create = async (body: Record<string, unknown>, as: HttpClient = t.admin): Promise<Client> => {
    const res = await as.post('/api/v1/clients', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Client>();
  };
  const fields = (res: { json: () => unknown }) =>
    (res.json() as { error: { details: { fields: FieldError[] } } }).error.details.fields;
  const history = async (id: number) =>
    (await t.admin.get(`/api/v1/clients/${id}/history?limit=100`)).json<{
      items: { action: string; field: string | null; oldValue: unknown; newValue: unknown }[];
    }>().items;

  it('creates a client card with requisites, phones in E.164, e-mails and contact persons', async () => {
    const c = await create({
      kind: 'organization',
      name: '  ТОВ «Ромашка» ',
      shortName: 'Ромашка',
      taxId: '1436 0570',
      phones: [{ number: '044 123 45 67' }, { number: 'доб. 25', kind: 'other' }],
      emails: ['Office@Romashka.UA'],
      addresses: [{ kind: 'legal', text: 'м. Київ, вул. Хрещатик, 1' }],
      website: 'https://romashka.ua',
      responsibleId: manager.id,
      tags: ['опт', 'VIP', 'Опт'],
      notes: 'Постоянный клиент',
      contacts: [
        {
          name: 'Іваненко Петро',
          position: 'Директор',
          phones: [{ number: '+380 67 111 22 33', kind: 'mobile' }],
          emails: ['petro@romashka.ua'],
        },
      ],
    });
    expect(c).toMatchObject({
      kind: 'organization',
      name: 'ТОВ «Ромашка»',
      shortName: 'Ромашка',
      taxId: '14360570',
      taxIdKind: 'edrpou',
      taxIdChecksumOk: true,
      phones: [
        { number: '044 123 45 67', e164: '+380441234567', kind: 'work' },
        { number: 'доб. 25', e164: null, kind: 'other' },
      ],
      emails: ['Office@Romashka.UA'],
      addresses: [{ kind: 'legal', text: 'м. Київ, вул. Хрещатик, 1' }],
      website: 'https://romashka.ua',
      responsible: { id: manager.id, name: 'Петренко Олена' },
      tags: ['опт', 'VIP'],
      notes: 'Постоянный клиент',
      mergedIntoId: null,
      createdBy: { name: 'Администратор' },
      contacts: [
        {
          name: 'Іваненко Петро',
          position: 'Директор',
          phones: [{ number: '+380 67 111 22 33', e164: '+380671112233', kind: 'mobile' }],
          emails: ['petro@romashka.ua'],
        },
      ],
    });
    expect((await t.admin.get(`/api/v1/clients/${c.id}`)).json()).toEqual(c);
    const list = (await t.admin.get('/api/v1/clients?q=ромашка')).json<{ items: ClientListItem[] }>();
    expect(list.items).toEqual([
      expect.objectContaining({
        id: c.id,
        name: 'ТОВ «Ромашка»',
        phone: '044 123 45 67',
        email: 'Office@Romashka.UA',
        responsible: { id: manager.id, name: 'Петренко Олена' },
      }),
    ]);
    const timeline = (await t.admin.get(`/api/v1/clients/${c.id}/timeline`)).json();
    expect(timeline.items).toEqual([expect.objectContaining({ kind: 'change', title: 'create' })]);
    // One "create" line in the history, and the card is in the search index with every phone form.
    expect(await history(c.id)).toEqual([expect.objectContaining({ action: 'create', field: null })]);
    const entry = await t.ctx.database.db
      .selectFrom('search_entries')
      .select('body')
      .where('doc_type', '=', 'client')
      .where('doc_id', '=', c.id)
      .executeTakeFirstOrThrow();
    for (const term of [
      'ромашка',
      '14360570',
      '380441234567',
      '0441234567',
      '380671112233',
      'іваненко петро',
      'директор',
      'office@romashka.ua',
      'vip',
    ]) {
      expect(entry.body).toContain(term);
    }
  });

  it('answers missing and malformed fields with field errors', async () => {
    const res = await t.admin.post('/api/v1/clients', {
      name: ' ',
      phones: [{ number: 'нет' }],
      emails: ['not-an-email'],
      tags: ['x'.repeat(51)],
      addresses: [{ kind: 'home', text: 'a' }],
      contacts: [{ name: '' }],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
    expect(
      fields(res)
        .map((f) => f.path)
        .sort(),
    ).toEqual(
      ['addresses.0.kind', 'contacts.0.name', 'emails.0', 'name', 'phones.0.number', 'tags.0'].sort(),
    );
    expect(fields(res).find((f) => f.path === 'phones.0.number')?.message).toBe(
      'В телефоне нет ни одной цифры',
    );

    const malformed = await t.admin.post('/api/v1/clients', { name: 'X', taxId: '123-456' });
    expect(malformed.statusCode).toBe(400);
    expect(fields(malformed)).toEqual([expect.objectContaining({ path: 'taxId', code: 'tax_id_malformed' })]);
    // The user cannot override a malformed code.
    const still = await t.admin.post('/api/v1/clients', { name: 'X', taxId: '1234567', confirmTaxId: true });
    expect(fields(still)).toEqual([expect.objectContaining({ path: 'taxId', code: 'tax_id_malformed' })]);
  });

  it('warns about a wrong check digit and saves the code once the user confirms it', async () => {
    const res = await t.admin.post('/api/v1/clients', { name: 'Контрольная цифра', taxId: '14360571' });
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual([
      {
        path: 'taxId',
        code: 'tax_id_checksum',
        message: 'Контрольная цифра кода не сходится. Проверьте код или подтвердите, что он верный',
      },
    ]);
    const saved = await create({ name: 'Контрольная цифра', taxId: '14360571', confirmTaxId: true });
    expect(saved).toMatchObject({ taxId: '14360571', taxIdKind: 'edrpou', taxIdChecksumOk: false });
    // The confirmed code stays; other edits need no new confirmation, a different wrong code does.
    const edited = await t.admin.patch(`/api/v1/clients/${saved.id}`, { taxId: '14360571', website: 'a.ua' });
    expect(edited.statusCode, edited.body).toBe(200);
    const other = await t.admin.patch(`/api/v1/clients/${saved.id}`, { taxId: '14360572' });
    expect(fields(other)[0]?.code).toBe('tax_id_checksum');
    // 10 digits pass when either the РНОКПП or the ИНН check does.
    expect((await create({ name: 'ФОП', kind: 'person', taxId: '2903815676' })).taxIdKind).toBe('rnokpp');
    expect((await create({ name: 'Сбербанк', taxId: '7707083893' })).taxIdKind).toBe('inn');
    expect((await create({ name: 'Физлицо РФ', kind: 'person', taxId: '500100732259' })).taxIdKind).toBe(
      'inn',
    );
  });

  it('limits long texts with a field error; a body over the limit gets payload_too_large', async () => {
    const long = await t.admin.post('/api/v1/clients', { name: 'N', notes: 'я'.repeat(100_001) });
    expect(long.statusCode).toBe(400);
    expect(fields(long).map((f) => f.path)).toEqual(['notes']);
    const tooLarge = await t.admin.post('/api/v1/clients', {
      name: 'N',
      notes: 'x'.repeat(10 * 1024 * 1024),
    });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().error.code).toBe('payload_too_large');
    const name = await t.admin.post('/api/v1/clients', { name: 'x'.repeat(501) });
    expect(fields(name).map((f) => f.path)).toEqual(['name']);
  });

  it('gives a 10 MB text field a field error when the body limit lets it through', async () => {
    const big = await createTestApp({ bodyLimit: 32 * 1024 * 1024 });
    try {
      const res = await big.admin.post('/api/v1/clients', { name: 'N', notes: 'x'.repeat(10 * 1024 * 1024) });
      expect(res.statusCode).toBe(400);
      expect(fields(res)).toEqual([expect.objectContaining({ path: 'notes', code: 'too_big' })]);
      expect(res.body.length).toBeLessThan(1000);
    } finally {
      await big.close();
    }
  });

  it('finds a client by phone in any format, by tax id and by e-mail in any case', async () => {
    const c = await create({
      name: 'Lookup Ltd',
      taxId: '00032129',
      phones: [{ number: '+380 44 765-43-21' }],
      emails: ['Info@Lookup.com'],
      contacts: [{ name: 'Contact', phones: [{ number: '0501234567' }], emails: ['boss@lookup.com'] }],
    });
    const ids = async (query: string) =>
      (await t.admin.get(`/api/v1/clients/lookup?${query}`)).json<ClientListItem[]>().map((x) => x.id);
    for (const phone of ['+380 44 765-43-21', '044 765 43 21', '380447654321', '(044)7654321']) {
      expect(await ids(`phone=${encodeURIComponent(phone)}`), phone).toEqual([c.id]);
    }
    expect(await ids(`phone=${encodeURIComponent('+38 050 123 45 67')}`)).toEqual([c.id]);
    expect(await ids('phone=0447654320')).toEqual([]);
    expect(await ids(`taxId=${encodeURIComponent('0003 2129')}`)).toEqual([c.id]);
    expect(await ids('email=INFO%40lookup.com')).toEqual([c.id]);
    expect(await ids('email=boss%40LOOKUP.com')).toEqual([c.id]);
    expect(await ids('email=nobody%40lookup.com')).toEqual([]);
    // A number that is not valid is found by its text as typed.
    const odd = await create({ name: 'Odd phone', phones: [{ number: '12-34' }] });
    expect(await ids('phone=12-34')).toEqual([odd.id]);
    const empty = await t.admin.get('/api/v1/clients/lookup');
    expect(empty.statusCode).toBe(400);
    expect(fields(empty)[0]).toMatchObject({ message: 'Укажите телефон, код или e-mail' });
  });

  it('shows duplicates by tax id, any phone and any e-mail before saving', async () => {
    const a = await create({ name: 'Дубль А', taxId: '21560045', phones: [{ number: '+380 44 200-00-01' }] });
    const b = await create({
      name: 'Дубль Б',
      emails: ['dup@example.com'],
      contacts: [{ name: 'К', phones: [{ number: '+380 44 200-00-02' }] }],
    });
    const dups = (body: unknown) => t.admin.post('/api/v1/clients/duplicates', body).then((r) => r.json());
    expect(
      await dups({
        taxId: '2156 0045',
        phones: ['044 200 00 01', '0442000002'],
        emails: ['DUP@example.com'],
      }),
    ).toEqual([
      { id: a.id, name: 'Дубль А', taxId: '21560045', matchedBy: ['taxId', 'phone'] },
      { id: b.id, name: 'Дубль Б', taxId: null, matchedBy: ['phone', 'email'] },
    ]);
    expect(await dups({ taxId: '21560045', excludeId: a.id })).toEqual([]);
    expect(await dups({ taxId: '', phones: ['не номер'], emails: ['dup@'] })).toEqual([]);
  });

  it('replaces contact persons by id: kept ones change, missing ones go, new ones come', async () => {
    const c = await create({
      name: 'Contacts Co',
      contacts: [
        { name: 'Первый', phones: [{ number: '0441110001' }] },
        { name: 'Второй', emails: ['second@c.co'] },
      ],
    });
    const [first, second] = c.contacts;
    const res = await t.admin.patch(`/api/v1/clients/${c.id}`, {
      contacts: [
        { name: 'Новый', emails: ['new@c.co'] },
        { id: first!.id, name: 'Первый (изм.)', position: 'Бухгалтер', phones: [{ number: '0441110009' }] },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json<Client>();
    expect(after.contacts).toEqual([
      expect.objectContaining({ name: 'Новый', emails: ['new@c.co'], phones: [] }),
      {
        id: first!.id,
        name: 'Первый (изм.)',
        position: 'Бухгалтер',
        notes: '',
        phones: [{ number: '0441110009', e164: '+380441110009', kind: 'work' }],
        emails: [],
      },
    ]);
    expect(after.contacts.map((x) => x.id)).not.toContain(second!.id);
    // Old contact phones and e-mails are gone from lookups, the new ones are there.
    expect((await t.admin.get('/api/v1/clients/lookup?phone=0441110001')).json()).toEqual([]);
    expect((await t.admin.get('/api/v1/clients/lookup?email=second%40c.co')).json()).toEqual([]);
    expect((await t.admin.get('/api/v1/clients/lookup?phone=0441110009')).json()).toHaveLength(1);
    // Leaving contacts out keeps them; an id of another client's contact is refused.
    const kept = await t.admin.patch(`/api/v1/clients/${c.id}`, { notes: 'n' });
    expect(kept.json<Client>().contacts).toEqual(after.contacts);
    const other = await create({ name: 'Other', contacts: [{ name: 'Чужой' }] });
    const foreign = await t.admin.patch(`/api/v1/clients/${c.id}`, {
      contacts: [{ id: other.contacts[0]!.id, name: 'Чужой' }],
    });
    expect(foreign.statusCode).toBe(400);
    expect(fields(foreign)).toEqual([
      expect.objectContaining({ path: 'contacts.0.id', code: 'contact_unknown' }),
    ]);
  });

  it('records history lines for the changed fields only, and not for fields switched off', async () => {
    const c = await create({ name: 'История', phones: [{ number: '0442220001' }], tags: ['a'] });
    await t.admin.patch(`/api/v1/clients/${c.id}`, {
      name: 'История 2',
      phones: [{ number: '0442220001' }, { number: '0442220002' }],
      tags: ['a'],
      website: '',
      notes: 'заметка',
    });
    const lines = await history(c.id);
    expect(lines.filter((l) => l.action === 'update').map((l) => [l.field, l.oldValue, l.newValue])).toEqual(
      expect.arrayContaining([
        ['name', 'История', 'История 2'],
        ['phones', ['0442220001'], ['0442220001', '0442220002']],
        ['notes', '', 'заметка'],
      ]),
    );
    expect(lines.filter((l) => l.action === 'update')).toHaveLength(3);

    const off = await t.admin.put('/api/v1/settings/history', {
      changes: [{ docType: 'client', field: 'notes', isRecorded: false }],
    });
    expect(off.statusCode, off.body).toBe(200);
    try {
      await t.admin.patch(`/api/v1/clients/${c.id}`, { notes: 'другая', shortName: 'И' });
      const next = await history(c.id);
      expect(next.length).toBe(lines.length + 1);
      expect(next[0]).toMatchObject({ action: 'update', field: 'shortName', oldValue: '', newValue: 'И' });
    } finally {
      await t.admin.put('/api/v1/settings/history', {
        changes: [{ docType: 'client', field: 'notes', isRecorded: true }],
      });
    }
  });

  it('deletes softly: the card is gone from the API, and documents cannot refer to it', async () => {
    const c = await create({
      name: 'Удаляемый',
      phones: [{ number: '0443330001' }],
      contacts: [{ name: 'K' }],
    });
    expect((await t.admin.delete(`/api/v1/clients/${c.id}`)).statusCode).toBe(200);
    expect((await t.admin.get(`/api/v1/clients/${c.id}`)).statusCode).toBe(404);
    expect((await t.admin.patch(`/api/v1/clients/${c.id}`, { name: 'x' })).statusCode).toBe(404);
    expect((await t.admin.delete(`/api/v1/clients/${c.id}`)).statusCode).toBe(404);
    expect((await t.admin.get('/api/v1/clients/lookup?phone=0443330001')).json()).toEqual([]);
    expect((await t.admin.post('/api/v1/clients/duplicates', { phones: ['0443330001'] })).json()).toEqual([]);
    expect((await t.admin.get('/api/v1/clients?q=Удаляемый')).json().items).toEqual([]);
    // The name stays for the documents that show it.
    expect((await t.services.clients.briefByIds([c.id])).get(c.id)).toBe('Удаляемый');

    await expect(t.services.clients.assertUsable(t.ctx.database.db, c.id)).rejects.toMatchObject({
      details: { fields: [{ path: 'clientId', code: 'client_deleted' }] },
    });
    await expect(t.services.clients.assertUsable(t.ctx.database.db, 999_999, 'client')).rejects.toMatchObject(
      {
        details: { fields: [{ path: 'client', code: 'client_unknown' }] },
      },
    );
    const live = await create({ name: 'Живой', contacts: [{ name: 'Свой' }] });
    expect(
      await t.services.clients.assertUsable(t.ctx.database.db, live.id, 'clientId', live.contacts[0]!.id),
    ).toEqual({
      id: live.id,
      name: 'Живой',
    });
    await expect(
      t.services.clients.assertUsable(t.ctx.database.db, live.id, 'clientId', c.contacts[0]!.id),
    ).rejects.toMatchObject({ details: { fields: [{ path: 'contactId', code: 'contact_unknown' }] } });

    // Through the API of a document that links clients.
    const typeId = (await t.admin.get('/api/v1/settings/event-types')).json<{ id: number }[]>()[0]!.id;
    const event = await t.admin.post('/api/v1/events', {
      typeId,
      subject: 'Звонок',
      startsAt: '2025-03-01T10:00:00.000Z',
      clientId: c.id,
    });
    expect(event.statusCode).toBe(400);
    expect(fields(event)).toEqual([
      { path: 'clientId', code: 'client_deleted', message: 'Клиент «Удаляемый» удалён' },
    ]);
  });

  it('merges a card into another: contacts, phones, documents and history move, the source is deleted', async () => {
    const target = await create({
      name: 'Цель',
      phones: [{ number: '0444440001' }],
      emails: ['same@merge.ua'],
      contacts: [{ name: 'Контакт цели' }],
    });
    const source = await create({
      name: 'Источник',
      taxId: '20077720',
      website: 'source.ua',
      phones: [{ number: '+380 44 444 00 01' }, { number: '0444440002' }],
      emails: ['SAME@merge.ua', 'other@merge.ua'],
      tags: ['из источника'],
      contacts: [{ name: 'Контакт источника', phones: [{ number: '0674440003' }] }],
    });
    await t.admin.patch(`/api/v1/clients/${source.id}`, { notes: 'заметка источника' });
    const typeId = (await t.admin.get('/api/v1/settings/event-types')).json<{ id: number }[]>()[0]!.id;
    const event = await t.admin.post('/api/v1/events', {
      typeId,
      subject: 'Встреча',
      startsAt: '2025-03-02T10:00:00.000Z',
      clientId: source.id,
      contactId: source.contacts[0]!.id,
    });
    expect(event.statusCode, event.body).toBe(201);
    const task = await t.admin.post('/api/v1/tasks', { title: 'Перезвонить', clientId: source.id });
    expect(task.statusCode, task.body).toBe(201);
    const project = await t.admin.post('/api/v1/projects', {
      name: 'Внедрение',
      kind: 'external',
      clientId: source.id,
    });
    expect(project.statusCode, project.body).toBe(201);

    const self = await t.admin.post(`/api/v1/clients/${target.id}/merge`, { sourceId: target.id });
    expect(fields(self)).toEqual([expect.objectContaining({ path: 'sourceId', code: 'client_merge_self' })]);

    const res = await t.admin.post(`/api/v1/clients/${target.id}/merge`, { sourceId: source.id });
    expect(res.statusCode, res.body).toBe(200);
    const merged = res.json<Client>();
    expect(merged).toMatchObject({
      name: 'Цель',
      taxId: '20077720',
      website: 'source.ua',
      tags: ['из источника'],
      notes: 'заметка источника',
      phones: [
        { number: '0444440001', e164: '+380444440001' },
        { number: '0444440002', e164: '+380444440002' },
      ],
      emails: ['same@merge.ua', 'other@merge.ua'],
    });
    expect(merged.contacts.map((c) => [c.id, c.name])).toEqual([
      [target.contacts[0]!.id, 'Контакт цели'],
      [source.contacts[0]!.id, 'Контакт источника'],
    ]);

    const gone = await t.admin.get(`/api/v1/clients/${source.id}`);
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.details).toEqual({ mergedIntoId: target.id });
    const raw = await t.ctx.database.db
      .selectFrom('clients')
      .select(['merged_into_id', 'deleted_at'])
      .where('id', '=', source.id)
      .executeTakeFirstOrThrow();
    expect(raw.merged_into_id).toBe(target.id);
    expect(raw.deleted_at).not.toBeNull();
    expect((await t.admin.get('/api/v1/clients/lookup?phone=0674440003')).json()).toEqual([
      expect.objectContaining({ id: target.id }),
    ]);

    const movedEvent = (await t.admin.get(`/api/v1/events/${event.json().id}`)).json();
    expect(movedEvent).toMatchObject({ client: { id: target.id }, contact: { id: source.contacts[0]!.id } });
    expect((await t.admin.get(`/api/v1/tasks/${task.json().id}`)).json().client).toMatchObject({
      id: target.id,
    });
    expect((await t.admin.get(`/api/v1/projects/${project.json().id}`)).json().client).toMatchObject({
      id: target.id,
    });
    // Each moved document records the move, by the user who merged.
    for (const doc of [
      `projects/${project.json().id}`,
      `events/${event.json().id}`,
      `tasks/${task.json().id}`,
    ]) {
      const moved = (await t.admin.get(`/api/v1/${doc}/history?limit=100`)).json<{
        items: { action: string; field: string | null; userName: string | null }[];
      }>().items;
      expect(moved, doc).toContainEqual(
        expect.objectContaining({ action: 'update', field: 'clientId', userName: 'Администратор' }),
      );
    }

    // The source's history moved along and the merge is a line of its own.
    const lines = await history(target.id);
    expect(lines[0]).toMatchObject({ action: 'merge', oldValue: { id: source.id, name: 'Источник' } });
    expect(lines).toContainEqual(
      expect.objectContaining({ action: 'update', field: 'notes', newValue: 'заметка источника' }),
    );
    expect(lines.filter((l) => l.action === 'create')).toHaveLength(2);

    const again = await t.admin.post(`/api/v1/clients/${target.id}/merge`, { sourceId: source.id });
    expect(fields(again)).toEqual([expect.objectContaining({ path: 'sourceId', code: 'client_deleted' })]);
    const intoDeleted = await t.admin.post(`/api/v1/clients/${source.id}/merge`, { sourceId: target.id });
    expect(intoDeleted.statusCode).toBe(404);
  });

  it('after a rename, the client’s projects and events are found by its new name', async () => {
    const c = await create({ name: 'Старое Имя Клиента' });
    const typeId = (await t.admin.get('/api/v1/settings/event-types')).json<{ id: number }[]>()[0]!.id;
    const event = await t.admin.post('/api/v1/events', {
      typeId,
      subject: 'Созвон',
      startsAt: '2025-04-01T10:00:00.000Z',
      clientId: c.id,
    });
    expect(event.statusCode, event.body).toBe(201);
    const project = await t.admin.post('/api/v1/projects', {
      name: 'Поставка',
      kind: 'external',
      clientId: c.id,
    });
    expect(project.statusCode, project.body).toBe(201);
    const found = async (q: string) =>
      (await t.admin.get(`/api/v1/search?q=${encodeURIComponent(q)}&types=project,event`))
        .json<{ docType: string; docId: number }[]>()
        .map((r) => `${r.docType}:${r.docId}`)
        .sort();
    const both = [`event:${event.json().id}`, `project:${project.json().id}`];
    expect(await found('Старое Имя Клиента')).toEqual(both);

    const res = await t.admin.patch(`/api/v1/clients/${c.id}`, { name: 'Переименованный Клиент' });
    expect(res.statusCode, res.body).toBe(200);
    expect(await found('Переименованный Клиент')).toEqual(both);
    expect(await found('Старое Имя Клиента')).toEqual([]);
  });

  it('merges once when two merges of one source run at the same time', async () => {
    const a = await create({ name: 'Параллель А' });
    const c = await create({ name: 'Параллель В' });
    const source = await create({ name: 'Параллель Б', contacts: [{ name: 'Контакт Б' }] });
    const results = await Promise.all([
      t.admin.post(`/api/v1/clients/${a.id}/merge`, { sourceId: source.id }),
      t.admin.post(`/api/v1/clients/${c.id}/merge`, { sourceId: source.id }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 400]);
    const failed = results.find((r) => r.statusCode === 400)!;
    expect(fields(failed)).toEqual([expect.objectContaining({ path: 'sourceId', code: 'client_deleted' })]);
    const winner = results.find((r) => r.statusCode === 200)!.json<Client>();
    expect(winner.contacts.map((x) => x.name)).toEqual(['Контакт Б']);
    const loser = (await t.admin.get(`/api/v1/clients/${winner.id === a.id ? c.id : a.id}`)).json<Client>();
    expect(loser.contacts).toEqual([]);
    const gone = await t.admin.get(`/api/v1/clients/${source.id}`);
    expect(gone.json().error.details).toEqual({ mergedIntoId: winner.id });
  });

  it('keeps both of two changes to one card saved at the same time', async () => {
    const c = await create({ name: 'Одновременно' });
    for (let i = 0; i < 3; i++) {
      const results = await Promise.all([
        t.admin.patch(`/api/v1/clients/${c.id}`, { notes: `заметка ${i}` }),
        t.admin.patch(`/api/v1/clients/${c.id}`, { website: `site${i}.ua` }),
      ]);
      expect(results.map((r) => r.statusCode)).toEqual([200, 200]);
      const saved = (await t.admin.get(`/api/v1/clients/${c.id}`)).json<Client>();
      expect([saved.notes, saved.website]).toEqual([`заметка ${i}`, `site${i}.ua`]);
    }
  });

  it('names contact persons by id with their client, a deleted client’s too', async () => {
    const c = await create({ name: 'С контактами', contacts: [{ name: 'Первый' }, { name: 'Второй' }] });
    const [first, second] = c.contacts;
    expect((await t.admin.delete(`/api/v1/clients/${c.id}`)).statusCode).toBe(200);
    const brief = await t.services.clients.contactBriefByIds([first!.id, second!.id, null, 999_999]);
    expect(brief).toEqual(
      new Map([
        [first!.id, { name: 'Первый', clientId: c.id }],
        [second!.id, { name: 'Второй', clientId: c.id }],
      ]),
    );
  });

  it('pages the list by keyset, stable over pages, in each sort order', async () => {
    const names = [
      'Пагинация Д',
      'Пагинация А',
      'пагинация в',
      'Пагинация Б',
      'Пагинация Г',
      'Пагинация Е',
      'Пагинация Ж',
    ];
    const made: Client[] = [];
    for (const name of names) made.push(await create({ name }));
    const all = async (query: string) => {
      const seen: ClientListItem[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await t.admin.get(
          `/api/v1/clients?q=${encodeURIComponent('пагинация')}&limit=3&${query}${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(res.statusCode, res.body).toBe(200);
        const page = res.json<{ items: ClientListItem[]; nextCursor: string | null }>();
        seen.push(...page.items);
        cursor = page.nextCursor;
        pages++;
        // A row added while paging (before the cursor) does not shift the later pages.
        if (pages === 1 && query.includes('createdAt')) made.push(await create({ name: 'Пагинация З' }));
      } while (cursor);
      return seen;
    };
    // Names sort by the engine's collation; paging must give exactly the one-page order.
    const byName = await all('sort=name&order=asc');
    const onePage = await t.admin.get(
      `/api/v1/clients?q=${encodeURIComponent('пагинация')}&limit=100&sort=name`,
    );
    expect(byName).toEqual(onePage.json().items);
    expect(new Set(byName.map((c) => c.id))).toEqual(new Set(made.map((c) => c.id)));
    const byCreated = await all('sort=createdAt&order=asc');
    expect(new Set(byCreated.map((c) => c.id)).size).toBe(byCreated.length);
    expect(byCreated.map((c) => c.id)).toEqual(made.map((c) => c.id));
    const desc = await all('sort=updatedAt&order=desc');
    expect(desc.map((c) => c.id)).toEqual([...made].reverse().map((c) => c.id));
    expect((await t.admin.get('/api/v1/clients?cursor=garbage')).statusCode).toBe(400);
  });

  it('filters the list by text (any case, Cyrillic too), kind, responsible and tag', async () => {
    const org = await create({
      name: 'ООО «Фильтр-Ёлка»',
      shortName: 'Ёлка',
      taxId: '40075815',
      tags: ['Опт', 'Сервис'],
    });
    const person = await create({
      name: 'Фильтров Іван',
      kind: 'person',
      responsibleId: manager.id,
      tags: ['Сервис'],
      phones: [{ number: '0446660001' }],
    });
    const ids = async (query: string) =>
      (await t.admin.get(`/api/v1/clients?${query}&limit=100`))
        .json<{ items: ClientListItem[] }>()
        .items.map((c) => c.id);
    expect(new Set(await ids(`q=${encodeURIComponent('ФИЛЬТР')}`))).toEqual(new Set([org.id, person.id]));
    expect(await ids(`q=${encodeURIComponent('ёлка')}`)).toEqual([org.id]);
    expect(await ids(`q=${encodeURIComponent('іван')}`)).toEqual([person.id]);
    expect(await ids('q=4007')).toEqual([org.id]);
    expect(await ids(`q=${encodeURIComponent('+380 44 666 00 01')}`)).toEqual([person.id]);
    expect(await ids(`q=${encodeURIComponent('%')}`)).toEqual([]);
    expect(await ids(`q=${encodeURIComponent('фильтр')}&kind=person`)).toEqual([person.id]);
    expect(await ids(`q=${encodeURIComponent('фильтр')}&responsibleId=${manager.id}`)).toEqual([person.id]);
    expect(await ids(`q=${encodeURIComponent('фильтр')}&tag=${encodeURIComponent('опт')}`)).toEqual([org.id]);
    expect(new Set(await ids(`tag=${encodeURIComponent('Сервис')}`))).toEqual(new Set([org.id, person.id]));
    expect((await t.admin.get('/api/v1/clients?kind=robot')).statusCode).toBe(400);
  });

  it('exports the filtered list as CSV with headers in the caller’s language', async () => {
    const c = await create({
      name: 'Экспорт; «Кавычки»',
      taxId: '37193071',
      phones: [{ number: '0445550001' }, { number: '0445550002' }],
      tags: ['экспорт'],
    });
    await create({ name: 'Экспорт второй' });
    const res = await t.admin.get(`/api/v1/clients/export?format=csv&tag=${encodeURIComponent('экспорт')}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toContain('Наименование');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(String(c.id));
    expect(lines[1]).toContain('37193071');
    expect(lines[1]).toContain('0445550001, 0445550002');
    expect(lines[1]).toContain('"Экспорт; «Кавычки»"');
    const xlsx = await t.admin.get('/api/v1/clients/export?format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('keeps the default phone country in the card-file settings (administrator writes)', async () => {
    expect((await user.get('/api/v1/settings/card-files')).json()).toMatchObject({
      defaultPhoneCountry: 'UA',
    });
    expect((await user.put('/api/v1/settings/card-files', { defaultPhoneCountry: 'RU' })).statusCode).toBe(
      403,
    );
    const bad = await t.admin.put('/api/v1/settings/card-files', { defaultPhoneCountry: 'XX' });
    expect(fields(bad)).toEqual([expect.objectContaining({ path: 'defaultPhoneCountry' })]);
    const ok = await t.admin.put('/api/v1/settings/card-files', { defaultPhoneCountry: 'ru' });
    expect(ok.json()).toMatchObject({ defaultPhoneCountry: 'RU' });
    try {
      const c = await create({ name: 'Москва', phones: [{ number: '8 (495) 123-45-67' }] }, user);
      expect(c.phones[0]).toMatchObject({ e164: '+74951234567' });
      expect((await user.get('/api/v1/clients/lookup?phone=84951234567')).json()).toEqual([
        expect.objectContaining({ id: c.id }),
      ]);
      const log = await t.admin.get('/api/v1/settings/changes?entity=card_file_settings');
      expect(log.json().items[0]).toMatchObject({
        changes: { defaultPhoneCountry: { old: 'UA', new: 'RU' } },
      });
    } finally {
      await t.admin.put('/api/v1/settings/card-files', { defaultPhoneCountry: 'UA' });
    }
  });

  it('documents its routes in the OpenAPI description', async () => {
    const doc = (await t.anonymous.get('/api/openapi.json')).json();
    for (const [path, method] of [
      ['/api/v1/clients', 'get'],
      ['/api/v1/clients', 'post'],
      ['/api/v1/clients/{id}', 'patch'],
      ['/api/v1/clients/{id}/merge', 'post'],
      ['/api/v1/clients/lookup', 'get'],
      ['/api/v1/clients/duplicates', 'post'],
      ['/api/v1/clients/export', 'get'],
      ['/api/v1/settings/card-files', 'put'],
    ] as const) {
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
  });
});
