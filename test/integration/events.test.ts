import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app.js';

interface Book {
  id: number;
  code: string;
  nameRu: string;
}
interface EventJson {
  id: number;
  number: string;
  subject: string;
  startsAt: string;
  endsAt: string | null;
  status: string;
  type: { id: number; code: string; nameRu: string };
  client: { id: number; name: string } | null;
  contact: { id: number; name: string } | null;
  project: { id: number; number: string; name: string } | null;
  journal: { id: number; nameRu: string };
  performer: { id: number; name: string } | null;
  participants: { id: number; name: string }[];
  [key: string]: unknown;
}
interface Page {
  items: EventJson[];
  nextCursor: string | null;
}

const names = (ru: string) => ({ nameRu: ru, nameUk: `${ru} (uk)`, nameEn: `${ru} (en)` });

describe('events (Картотека событий)', () => {
  let t: TestApp;
  let manager: Client;
  let adminId: number;
  let managerId: number;
  let retiredId: number;
  const types: Record<string, Book> = {};
  const journals: Record<string, Book> = {};

  beforeAll(async () => {
    t = await createTestApp();
    adminId = (await t.admin.get('/api/v1/me')).json().id;
    managerId = (
      await t.services.users.create({
        login: 'manager',
        fullName: 'Менеджер Мария',
        password: 'manager-pass-1',
      })
    ).id;
    retiredId = (
      await t.services.users.create({
        login: 'retired',
        fullName: 'Бывший Борис',
        password: 'retired-pass-1',
      })
    ).id;
    await t.services.users.update(retiredId, { isActive: false });
    manager = await t.login('manager', 'manager-pass-1');
    for (const e of (await t.admin.get('/api/v1/settings/event-types')).json() as Book[]) types[e.code] = e;
    for (const j of (await t.admin.get('/api/v1/settings/journals')).json() as Book[]) journals[j.code] = j;
  });
  afterAll(() => t.close());

  const create = async (body: Record<string, unknown>, client: Client = t.admin): Promise<EventJson> => {
    const res = await client.post('/api/v1/events', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const event = (subject: string, extra: Record<string, unknown> = {}) => ({
    typeId: types.meeting!.id,
    subject,
    startsAt: '2025-03-10T09:00:00+02:00',
    ...extra,
  });
  const fieldErrors = (res: { statusCode: number; json: () => unknown }) => {
    expect(res.statusCode).toBe(400);
    const { error } = res.json() as {
      error: { code: string; details: { fields: { path: string; code: string; message: string }[] } };
    };
    expect(error.code).toBe('validation_failed');
    return error.details.fields;
  };
  const list = async (query: string, client: Client = t.admin): Promise<Page> => {
    const res = await client.get(`/api/v1/events?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const newJournal = async (code: string, parentId: number): Promise<Book> => {
    const res = await t.admin.post('/api/v1/settings/journals', { code, ...names(code), parentId });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const newClient = async (name: string, contacts: string[] = []) => {
    const res = await t.admin.post('/api/v1/clients', {
      name,
      contacts: contacts.map((c) => ({ name: c })),
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number; name: string; contacts: { id: number; name: string }[] };
  };
  /** Ids of the events GET /api/v1/search finds by `q`. */
  const searchEvents = async (q: string): Promise<number[]> => {
    const res = await t.admin.get(`/api/v1/search?types=event&q=${encodeURIComponent(q)}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { docId: number }[]).map((r) => r.docId).sort((a, b) => a - b);
  };
  const newProject = async (name: string, clientId: number | null) => {
    const res = await t.admin.post('/api/v1/projects', {
      name,
      kind: clientId === null ? 'internal' : 'external',
      clientId,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number; number: string; name: string };
  };

  it('creates numbered events: the end defaults from the type, the performer is the creator', async () => {
    const first = await create(event('Встреча с поставщиком'), manager);
    expect(first).toMatchObject({
      subject: 'Встреча с поставщиком',
      startsAt: '2025-03-10T07:00:00.000Z',
      // Встреча lasts 60 minutes by default.
      endsAt: '2025-03-10T08:00:00.000Z',
      status: 'planned',
      type: { id: types.meeting!.id, code: 'meeting', nameRu: 'Встреча', nameEn: 'Meeting' },
      client: null,
      contact: null,
      project: null,
      journal: { id: journals.events!.id, nameRu: 'События' },
      performer: { id: managerId, name: 'Менеджер Мария' },
      createdBy: { id: managerId, name: 'Менеджер Мария' },
      participants: [],
      description: '',
      result: '',
    });
    expect(first.number).toMatch(/^С-2025-\d{6}$/);

    // A type without a default duration gives no end; an explicit end and performer are kept.
    const letter = await create(
      event('Письмо', {
        typeId: types.incoming_letter!.id,
        performerId: managerId,
        participantIds: [adminId, managerId, adminId],
      }),
    );
    expect(letter.endsAt).toBeNull();
    expect(letter.performer).toEqual({ id: managerId, name: 'Менеджер Мария' });
    expect(letter.participants.map((p) => p.id).sort()).toEqual([adminId, managerId].sort());
    expect(Number(letter.number.slice(-6))).toBe(Number(first.number.slice(-6)) + 1);

    const explicit = await create(
      event('Долгая встреча', { endsAt: '2025-03-10T12:30:00Z', performerId: null }),
    );
    expect(explicit).toMatchObject({ endsAt: '2025-03-10T12:30:00.000Z', performer: null });

    const card = await t.admin.get(`/api/v1/events/${first.id}`);
    expect(card.statusCode).toBe(200);
    expect(card.json()).toEqual(first);
    expect((await t.admin.get('/api/v1/events/999999')).statusCode).toBe(404);
  });

  it('refuses bad input with field errors and takes no number for it', async () => {
    const before = await create(event('До ошибок'));

    const missing = fieldErrors(await t.admin.post('/api/v1/events', { startsAt: '2025-03-10T09:00:00Z' }));
    expect(missing.map((f) => f.path).sort()).toEqual(['subject', 'typeId']);
    expect(fieldErrors(await t.admin.post('/api/v1/events', event('   ')))).toMatchObject([
      { path: 'subject', message: 'Обязательное поле' },
    ]);
    expect(fieldErrors(await t.admin.post('/api/v1/events', event('x'.repeat(1001))))[0]!.path).toBe(
      'subject',
    );
    expect(
      fieldErrors(await t.admin.post('/api/v1/events', event('Без времени', { startsAt: undefined }))),
    ).toMatchObject([{ path: 'startsAt' }]);
    expect(
      fieldErrors(await t.admin.post('/api/v1/events', event('Время', { startsAt: '10.03.2025 09:00' }))),
    ).toMatchObject([{ path: 'startsAt', code: 'invalid_format' }]);
    expect(fieldErrors(await t.admin.post('/api/v1/events', event('Тип', { typeId: 999999 })))).toMatchObject(
      [{ path: 'typeId', code: 'event_type_unknown', message: 'Тип события #999999 не найден или отключён' }],
    );
    const inactive = await t.admin.post('/api/v1/settings/event-types', {
      code: 'old_kind',
      ...names('Старый тип'),
      isActive: false,
    });
    expect(inactive.statusCode).toBe(201);
    expect(
      fieldErrors(await t.admin.post('/api/v1/events', event('Тип', { typeId: inactive.json().id }))),
    ).toMatchObject([{ path: 'typeId', code: 'event_type_unknown' }]);
    expect(
      fieldErrors(await t.admin.post('/api/v1/events', event('Конец', { endsAt: '2025-03-10T06:59:59Z' }))),
    ).toMatchObject([
      { path: 'endsAt', code: 'event_ends_before_start', message: 'Окончание раньше начала' },
    ]);
    expect(
      fieldErrors(await t.admin.post('/api/v1/events', event('Журнал', { journalId: 999999 }))),
    ).toMatchObject([{ path: 'journalId', code: 'journal_unknown' }]);
    // A journal of another document type is not a journal for events.
    expect(
      fieldErrors(await t.admin.post('/api/v1/events', event('Журнал', { journalId: journals.tasks!.id }))),
    ).toMatchObject([{ path: 'journalId', code: 'journal_unknown' }]);
    expect(
      fieldErrors(await t.admin.post('/api/v1/events', event('Исполнитель', { performerId: retiredId }))),
    ).toMatchObject([{ path: 'performerId', code: 'user_not_assignable' }]);
    expect(
      fieldErrors(
        await t.admin.post('/api/v1/events', event('Участники', { participantIds: [adminId, 999999] })),
      ),
    ).toMatchObject([{ path: 'participantIds.1', code: 'user_not_assignable' }]);
    expect(
      fieldErrors(await t.admin.post('/api/v1/events', event('Контакт', { contactId: 5 }))),
    ).toMatchObject([{ path: 'contactId', code: 'event_contact_without_client' }]);
    expect(
      fieldErrors(await t.admin.post('/api/v1/events', event('Статус', { status: 'lost' })))[0]!.path,
    ).toBe('status');
    const huge = await t.admin.post(
      '/api/v1/events',
      event('Огромное описание', { description: 'я'.repeat(100_001) }),
    );
    expect(huge.statusCode).toBe(400);

    // The failed inserts gave their numbers back.
    const after = await create(event('После ошибок'));
    expect(Number(after.number.slice(-6))).toBe(Number(before.number.slice(-6)) + 1);

    const patchBad = await t.admin.patch(`/api/v1/events/${after.id}`, { endsAt: '2025-03-01T00:00:00Z' });
    expect(fieldErrors(patchBad)).toMatchObject([{ path: 'endsAt', code: 'event_ends_before_start' }]);
    expect((await t.admin.patch('/api/v1/events/999999', { subject: 'Нет' })).statusCode).toBe(404);
  });

  it('links a client, its contact person and a project, and refuses wrong links', async () => {
    const acme = await newClient('ТОВ «Ромашка»', ['Петренко Олег', 'Іваненко Ірина']);
    const other = await newClient('ООО «Василёк»', ['Сидоров Сидор']);
    const external = await newProject('Внедрение CRM', acme.id);
    const internal = await newProject('Внутренний проект', null);
    const oleg = acme.contacts[0]!;

    const linked = await create(
      event('Звонок клиенту', { clientId: acme.id, contactId: oleg.id, projectId: external.id }),
    );
    expect(linked).toMatchObject({
      client: { id: acme.id, name: 'ТОВ «Ромашка»' },
      contact: { id: oleg.id, name: 'Петренко Олег' },
      project: { id: external.id, number: external.number, name: 'Внедрение CRM' },
    });

    // The client defaults to the project's; an internal project goes with any client.
    expect((await create(event('По проекту', { projectId: external.id }))).client).toEqual({
      id: acme.id,
      name: 'ТОВ «Ромашка»',
    });
    expect(
      (await create(event('Внутреннее', { projectId: internal.id, clientId: other.id }))).client?.id,
    ).toBe(other.id);

    expect(
      fieldErrors(
        await t.admin.post(
          '/api/v1/events',
          event('Чужой контакт', { clientId: other.id, contactId: oleg.id }),
        ),
      ),
    ).toMatchObject([{ path: 'contactId' }]);
    expect(
      fieldErrors(
        await t.admin.post(
          '/api/v1/events',
          event('Чужой проект', { clientId: other.id, projectId: external.id }),
        ),
      ),
    ).toMatchObject([{ path: 'projectId', code: 'event_project_other_client' }]);
    expect(
      fieldErrors(await t.admin.post('/api/v1/events', event('Нет клиента', { clientId: 999999 }))),
    ).toMatchObject([{ path: 'clientId', code: 'client_unknown' }]);
    expect(
      fieldErrors(await t.admin.post('/api/v1/events', event('Нет проекта', { projectId: 999999 }))),
    ).toMatchObject([{ path: 'projectId', code: 'project_unknown' }]);

    // Changing the client drops the contact person of the old one.
    const moved = await t.admin.patch(`/api/v1/events/${linked.id}`, { clientId: other.id, projectId: null });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ client: { id: other.id }, contact: null, project: null });

    const gone = await newClient('Удаляемый клиент');
    const kept = await create(event('Событие удаляемого клиента', { clientId: gone.id }));
    expect((await t.admin.delete(`/api/v1/clients/${gone.id}`)).statusCode).toBe(200);
    expect(
      fieldErrors(await t.admin.post('/api/v1/events', event('Удалённый клиент', { clientId: gone.id }))),
    ).toMatchObject([{ path: 'clientId', code: 'client_deleted' }]);
    // An event already linked to the deleted client can still be edited.
    const edited = await t.admin.patch(`/api/v1/events/${kept.id}`, { result: 'Клиент ушёл' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({
      client: { id: gone.id, name: 'Удаляемый клиент' },
      result: 'Клиент ушёл',
    });

    // The client's and the project's timelines show their events at their start.
    const timeline = await t.admin.get(`/api/v1/clients/${acme.id}/timeline?kinds=event`);
    expect(timeline.statusCode, timeline.body).toBe(200);
    const lines = timeline.json().items as { docId: number; subtitle: string; title: string; kind: string }[];
    expect(lines.map((l) => l.title)).toEqual(['По проекту']);
    expect(lines[0]).toMatchObject({
      kind: 'event',
      docType: 'event',
      subtitle: 'Встреча',
      status: 'planned',
      at: '2025-03-10T07:00:00.000Z',
    });
    const projectLines = (await t.admin.get(`/api/v1/projects/${external.id}/timeline`)).json().items;
    expect(
      projectLines.filter((l: { kind: string }) => l.kind === 'event').map((l: { title: string }) => l.title),
    ).toEqual(['По проекту']);
    const otherLines = (await t.admin.get(`/api/v1/clients/${other.id}/timeline?kinds=event`)).json().items;
    expect(otherLines.map((l: { title: string }) => l.title).sort()).toEqual([
      'Внутреннее',
      'Звонок клиенту',
    ]);

    // The search index knows the event by its subject, number and client.
    const entry = await t.ctx.database.db
      .selectFrom('search_entries')
      .selectAll()
      .where('doc_type', '=', 'event')
      .where('doc_id', '=', linked.id)
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ title: 'Звонок клиенту', subtitle: `${linked.number} · Встреча` });
    expect(entry.body).toContain('василек');
    expect(entry.body).not.toContain('ромашка');
  });

  it('moves the events of a merged client to the remaining card', async () => {
    const target = await newClient('ТОВ «Злиття»');
    const source = await newClient('ТОВ «Злиття» (дубль)', ['Дубль Контакт']);
    const e = await create(
      event('Событие дубля', { clientId: source.id, contactId: source.contacts[0]!.id }),
    );
    const merged = await t.admin.post(`/api/v1/clients/${target.id}/merge`, { sourceId: source.id });
    expect(merged.statusCode, merged.body).toBe(200);
    const card = (await t.admin.get(`/api/v1/events/${e.id}`)).json() as EventJson;
    expect(card.client).toEqual({ id: target.id, name: 'ТОВ «Злиття»' });
    expect(card.contact).toEqual({ id: source.contacts[0]!.id, name: 'Дубль Контакт' });
    expect((await list(`clientId=${target.id}`)).items.map((i) => i.id)).toEqual([e.id]);
    expect((await list(`clientId=${source.id}`)).items).toEqual([]);
    // The move is in the event's history (an event keeps its client as an id)…
    const history = (await t.admin.get(`/api/v1/events/${e.id}/history`)).json().items as {
      action: string;
      field: string | null;
      oldValue: unknown;
      newValue: unknown;
      userName: string | null;
    }[];
    expect(history.filter((h) => h.action === 'update')).toEqual([
      expect.objectContaining({
        field: 'clientId',
        oldValue: source.id,
        newValue: target.id,
        userName: 'Администратор',
      }),
    ]);
    // …and the search finds it by the remaining client's name, no longer by the merged one's.
    expect(await searchEvents('Злиття')).toEqual([e.id]);
    expect(await searchEvents('дубль')).toEqual([]);
  });

  it("is found by its client's new name after the client is renamed", async () => {
    const client = await newClient('Ромашка Старая');
    const other = await newClient('Ромашка Соседняя');
    const own = await create(event('Событие переименованного', { clientId: client.id }));
    const foreign = await create(event('Событие соседа', { clientId: other.id }));
    expect(await searchEvents('Старая')).toEqual([own.id]);

    const renamed = await t.admin.patch(`/api/v1/clients/${client.id}`, { name: 'Лютик Новый' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(await searchEvents('Лютик')).toEqual([own.id]);
    expect(await searchEvents('Старая')).toEqual([]);
    expect(await searchEvents('Соседняя')).toEqual([foreign.id]);
  });

  it('records the history of changed fields', async () => {
    const e = await create(event('Исходная тема', { participantIds: [managerId] }));
    const res = await t.admin.patch(`/api/v1/events/${e.id}`, {
      subject: 'Новая тема',
      startsAt: '2025-03-10T10:00:00Z',
      participantIds: [managerId, adminId],
      status: 'done',
      result: 'Договорились',
    });
    expect(res.statusCode, res.body).toBe(200);
    // The end moved with the start: the duration stays an hour.
    expect(res.json()).toMatchObject({
      startsAt: '2025-03-10T10:00:00.000Z',
      endsAt: '2025-03-10T11:00:00.000Z',
      status: 'done',
    });

    const history = await t.admin.get(`/api/v1/events/${e.id}/history`);
    expect(history.statusCode).toBe(200);
    const items = history.json().items as {
      action: string;
      field: string | null;
      oldValue: unknown;
      newValue: unknown;
      userName: string;
    }[];
    expect(items.at(-1)).toMatchObject({ action: 'create', field: null, userName: 'Администратор' });
    const changes = Object.fromEntries(
      items.filter((i) => i.action === 'update').map((i) => [i.field, [i.oldValue, i.newValue]]),
    );
    expect(changes).toEqual({
      subject: ['Исходная тема', 'Новая тема'],
      startsAt: ['2025-03-10T07:00:00.000Z', '2025-03-10T10:00:00.000Z'],
      endsAt: ['2025-03-10T08:00:00.000Z', '2025-03-10T11:00:00.000Z'],
      participants: [[managerId], [adminId, managerId].sort((a, b) => a - b)],
      result: ['', 'Договорились'],
      status: ['planned', 'done'],
    });

    // A save that changes nothing recorded adds no lines.
    await t.admin.patch(`/api/v1/events/${e.id}`, { subject: 'Новая тема' });
    expect((await t.admin.get(`/api/v1/events/${e.id}/history`)).json().items).toHaveLength(items.length);

    // The contact person is recorded too, as are the client and the status.
    const client = await newClient('История контактов', ['Первый Контакт', 'Второй Контакт']);
    const [first, second] = client.contacts;
    const linked = await create(event('С контактом', { clientId: client.id, contactId: first!.id }));
    const changed = await t.admin.patch(`/api/v1/events/${linked.id}`, {
      contactId: second!.id,
      status: 'cancelled',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const lines = (await t.admin.get(`/api/v1/events/${linked.id}/history`)).json().items as {
      action: string;
      field: string;
      oldValue: unknown;
      newValue: unknown;
    }[];
    expect(
      Object.fromEntries(
        lines.filter((i) => i.action === 'update').map((i) => [i.field, [i.oldValue, i.newValue]]),
      ),
    ).toEqual({ contactId: [first!.id, second!.id], status: ['planned', 'cancelled'] });
  });

  it('filters the list by type, status, performer, journal subtree, period and text', async () => {
    const root = journals.events!;
    const sales = await newJournal('ev_sales', root.id);
    const north = await newJournal('ev_north', sales.id);
    const support = await newJournal('ev_support', root.id);
    const a = await create(event('Фильтр альфа', { journalId: sales.id, startsAt: '2025-04-01T08:00:00Z' }));
    const b = await create(
      event('ФИЛЬТР бета', {
        journalId: north.id,
        typeId: types.outgoing_call!.id,
        startsAt: '2025-04-02T08:00:00Z',
        performerId: managerId,
      }),
    );
    const c = await create(
      event('фильтр гамма 100%', {
        journalId: support.id,
        startsAt: '2025-04-03T08:00:00Z',
        status: 'cancelled',
      }),
    );
    const ids = (page: Page) => page.items.map((i) => i.id);

    expect(ids(await list('q=фильтр&sort=startsAt&order=asc'))).toEqual([a.id, b.id, c.id]);
    expect(ids(await list(`journalId=${sales.id}&sort=startsAt&order=asc`))).toEqual([a.id, b.id]);
    expect(ids(await list(`journalId=${north.id}`))).toEqual([b.id]);
    expect(ids(await list(`q=фильтр&typeId=${types.outgoing_call!.id}`))).toEqual([b.id]);
    expect(
      ids(await list(`q=фильтр&typeId=${types.outgoing_call!.id},${types.meeting!.id}&order=asc`)),
    ).toEqual([a.id, b.id, c.id]);
    expect(ids(await list('q=фильтр&status=cancelled'))).toEqual([c.id]);
    expect(ids(await list('q=фильтр&status=planned,done&order=asc'))).toEqual([a.id, b.id]);
    expect(ids(await list(`q=фильтр&performerId=${managerId}`))).toEqual([b.id]);
    expect(ids(await list('q=фильтр&from=2025-04-02&to=2025-04-02'))).toEqual([b.id]);
    expect(ids(await list('q=фильтр&from=2025-04-02T08:00:00Z&to=2025-04-03T08:00:00Z'))).toEqual([b.id]);
    expect(ids(await list(`q=${encodeURIComponent('100%')}`))).toEqual([c.id]);
    expect(ids(await list(`q=${encodeURIComponent(b.number)}`))).toEqual([b.id]);
    expect(ids(await list('q=фильтр%25'))).toEqual([]);
    expect((await list(`journalId=999999`)).items).toEqual([]);
    expect(fieldErrors(await t.admin.get('/api/v1/events?status=lost'))[0]!.path).toBe('status.0');
    expect(fieldErrors(await t.admin.get('/api/v1/events?from=tomorrow'))[0]!.path).toBe('from');
    expect(fieldErrors(await t.admin.get('/api/v1/events?typeId=a,b'))[0]!.path).toBe('typeId');
  });

  it('reads the days of the period filter in the enterprise time zone', async () => {
    const zone = await t.admin.put('/api/v1/admin/enterprise', { timeZone: 'Europe/Kyiv' });
    expect(zone.statusCode, zone.body).toBe(200);
    // Kyiv is UTC+3 in June: 01:30 local on June 5 is still June 4 in UTC, 23:30 local is 20:30 UTC.
    const early = await create(event('Сутки ранняя', { startsAt: '2025-06-05T01:30:00+03:00' }));
    const late = await create(event('Сутки поздняя', { startsAt: '2025-06-05T23:30:00+03:00' }));
    const before = await create(event('Сутки накануне', { startsAt: '2025-06-04T23:59:00+03:00' }));
    const after = await create(event('Сутки назавтра', { startsAt: '2025-06-06T00:00:00+03:00' }));
    const ids = async (query: string) =>
      (await list(`q=сутки&sort=startsAt&order=asc&${query}`)).items.map((i) => i.id);

    expect(await ids('from=2025-06-05&to=2025-06-05')).toEqual([early.id, late.id]);
    expect(await ids('to=2025-06-04')).toEqual([before.id]);
    expect(await ids('from=2025-06-06')).toEqual([after.id]);
    // A moment is taken as it is.
    expect(await ids('from=2025-06-04T22:30:00Z&to=2025-06-05T20:30:00Z')).toEqual([early.id]);
  });

  it('pages with a stable keyset cursor in every sort', async () => {
    const journal = await newJournal('ev_pages', journals.events!.id);
    const created: EventJson[] = [];
    for (let i = 0; i < 7; i++) {
      // Pairs of events share a start: the id breaks the tie.
      created.push(
        await create(
          event(`Страница ${i}`, {
            journalId: journal.id,
            startsAt: `2025-05-0${1 + Math.floor(i / 2)}T10:00:00Z`,
          }),
        ),
      );
    }
    const walk = async (query: string) => {
      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const page: Page = await list(
          `journalId=${journal.id}&limit=3&${query}${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(page.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
        // An event added meanwhile before the cursor does not shift the next pages.
        if (seen.length === 3 && query.includes('startsAt') && query.includes('desc')) {
          await create(event('Вставка', { journalId: journal.id, startsAt: '2025-06-01T00:00:00Z' }));
        }
      } while (cursor);
      return seen;
    };
    const ids = created.map((e) => e.id);
    expect(await walk('sort=startsAt&order=asc')).toEqual(ids);
    expect(await walk('sort=number&order=asc')).toEqual(ids);
    expect(await walk('sort=createdAt&order=asc')).toEqual(ids);
    expect(await walk('sort=startsAt&order=desc')).toEqual([...ids].reverse());
    expect(fieldErrors(await t.admin.get('/api/v1/events?cursor=garbage'))[0]).toMatchObject({
      path: 'cursor',
      code: 'cursor_invalid',
    });
  });

  it('deletes an event with its index entry; a type or journal in use cannot be deleted', async () => {
    const type = (
      await t.admin.post('/api/v1/settings/event-types', { code: 'used_kind', ...names('Используемый') })
    ).json();
    const journal = await newJournal('ev_used', journals.events!.id);
    const e = await create(event('Удаляемое', { typeId: type.id, journalId: journal.id }));

    const typeDelete = await t.admin.delete(`/api/v1/settings/event-types/${type.id}`);
    expect(typeDelete.statusCode).toBe(409);
    expect(typeDelete.json().error).toMatchObject({
      code: 'book_entry_in_use',
      details: { references: [{ source: 'events', count: 1 }] },
    });
    expect((await t.admin.delete(`/api/v1/settings/journals/${journal.id}`)).statusCode).toBe(409);

    expect((await t.admin.delete(`/api/v1/events/${e.id}`)).statusCode).toBe(200);
    expect((await t.admin.get(`/api/v1/events/${e.id}`)).statusCode).toBe(404);
    expect((await t.admin.delete(`/api/v1/events/${e.id}`)).statusCode).toBe(404);
    const entry = await t.ctx.database.db
      .selectFrom('search_entries')
      .select('id')
      .where('doc_type', '=', 'event')
      .where('doc_id', '=', e.id)
      .executeTakeFirst();
    expect(entry).toBeUndefined();
    expect((await t.admin.delete(`/api/v1/settings/event-types/${type.id}`)).statusCode).toBe(200);
    expect((await t.admin.delete(`/api/v1/settings/journals/${journal.id}`)).statusCode).toBe(200);
  });

  it('exports the filtered list', async () => {
    await create(event('Экспорт; с точкой с запятой', { status: 'done' }));
    const res = await t.admin.get('/api/v1/events/export?format=csv&q=экспорт');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('Номер');
    expect(res.body).toContain('Экспорт; с точкой с запятой');
    expect(res.body).toContain('Выполнено');
    expect(res.body).not.toContain('Фильтр');
  });

  it('requires a signed-in user', async () => {
    expect((await t.anonymous.get('/api/v1/events')).statusCode).toBe(401);
    expect((await t.anonymous.post('/api/v1/events', event('Аноним'))).statusCode).toBe(401);
  });
});
