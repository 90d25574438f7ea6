import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app.js';
import { HISTORY_FIELDS } from '../../src/shared/history-fields.js';

interface Entry {
  id: number;
  code: string;
  nameRu: string;
  isSystem: boolean;
  isActive: boolean;
  sortOrder: number;
  [key: string]: unknown;
}

const names = (ru: string) => ({ nameRu: ru, nameUk: `${ru} (uk)`, nameEn: `${ru} (en)` });

describe('reference books (Настройка → Справочники)', () => {
  let t: TestApp;
  let user: Client;
  beforeAll(async () => {
    t = await createTestApp();
    await t.services.users.create({
      login: 'operator',
      fullName: 'Оператор Ольга',
      password: 'operator-pass-1',
    });
    user = await t.login('operator', 'operator-pass-1');
  });
  afterAll(() => t.close());

  const list = async (path: string, client: Client = t.admin): Promise<Entry[]> => {
    const res = await client.get(`/api/v1/settings/${path}`);
    expect(res.statusCode).toBe(200);
    return res.json();
  };
  const byCode = async (path: string, code: string) => {
    const found = (await list(path)).find((e) => e.code === code);
    if (!found) throw new Error(`${path}: no ${code}`);
    return found;
  };
  const lastChange = async (entity: string, entityId: number | string) => {
    const res = await t.admin.get(
      `/api/v1/settings/changes?area=books&entity=${entity}&entityId=${entityId}`,
    );
    return res.json().items[0];
  };

  it('has the system entries after migration, with their flags, readable by any signed-in user', async () => {
    const eventTypes = await list('event-types', user);
    expect(eventTypes.map((e) => e.code)).toEqual([
      'incoming_call',
      'outgoing_call',
      'incoming_letter',
      'outgoing_letter',
      'incoming_email',
      'outgoing_email',
      'survey',
      'site_visit',
      'phone_on',
      'phone_off',
      'missed_incoming_call',
      'unanswered_outgoing_call',
      'missed_call_reply',
      'callback',
      'call_forwarding',
      'queue',
      'electronic_queue',
      'meeting',
    ]);
    expect(eventTypes.every((e) => e.isSystem && e.isActive)).toBe(true);
    expect(eventTypes[0]).toMatchObject({
      nameRu: 'Входящий звонок',
      nameUk: 'Вхідний дзвінок',
      nameEn: 'Incoming call',
      direction: 'in',
      channel: 'call',
      color: null,
    });

    const taskStatuses = await list('task-statuses', user);
    expect(taskStatuses.map((s) => [s.code, s.isInitial, s.isFinal])).toEqual([
      ['new', true, false],
      ['in_progress', false, false],
      ['postponed', false, false],
      ['done', false, false],
      ['closed', false, true],
      ['cancelled', false, true],
    ]);
    expect(taskStatuses.every((s) => s.isSystem && Array.isArray(s.allowedNextIds))).toBe(true);

    const userStatuses = await list('user-statuses', user);
    expect(userStatuses.map((s) => [s.code, s.isTakingClients, s.isQueuePaused])).toEqual([
      ['available', true, false],
      ['busy', false, false],
      ['break', false, true],
      ['wrap_up', false, true],
      ['offline', false, true],
    ]);

    const journals = await list('journals', user);
    expect(journals.map((j) => [j.code, j.docType, j.parentId, j.isDefault, j.isSystem])).toEqual([
      ['projects', 'project', null, true, true],
      ['events', 'event', null, true, true],
      ['tasks', 'task', null, true, true],
    ]);
  });

  it('creates, edits and deletes a user event type, each change logged', async () => {
    const res = await t.admin.post('/api/v1/settings/event-types', {
      code: 'webinar',
      ...names('Вебинар'),
      direction: 'out',
      channel: 'meeting',
      defaultDurationMinutes: 90,
      color: '#1A2B3C',
    });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({
      code: 'webinar',
      nameUk: 'Вебинар (uk)',
      isSystem: false,
      isActive: true,
      color: '#1a2b3c',
      defaultDurationMinutes: 90,
    });
    // After the last entry by default.
    expect(created.sortOrder).toBe(190);
    expect(await lastChange('event_type', created.id)).toMatchObject({
      action: 'create',
      user: { login: 'admin' },
      changes: { code: { old: null, new: 'webinar' } },
    });

    const edited = await t.admin.patch(`/api/v1/settings/event-types/${created.id}`, {
      code: 'webinar_online',
      nameEn: 'Webinar',
      isActive: false,
      color: null,
      channel: 'other',
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({
      code: 'webinar_online',
      nameEn: 'Webinar',
      isActive: false,
      color: null,
    });
    expect((await lastChange('event_type', created.id)).changes).toEqual({
      code: { old: 'webinar', new: 'webinar_online' },
      nameEn: { old: 'Вебинар (en)', new: 'Webinar' },
      isActive: { old: true, new: false },
      color: { old: '#1a2b3c', new: null },
      channel: { old: 'meeting', new: 'other' },
    });
    expect(
      (await t.admin.get('/api/v1/settings/event-types?active=false')).json().map((e: Entry) => e.code),
    ).toEqual(['webinar_online']);

    expect((await t.admin.delete(`/api/v1/settings/event-types/${created.id}`)).statusCode).toBe(200);
    expect((await t.admin.get(`/api/v1/settings/event-types/${created.id}`)).statusCode).toBe(404);
    expect(await lastChange('event_type', created.id)).toMatchObject({ action: 'delete' });
  });

  it('lets a system entry change name, colour, order and activity, but not its code or own flags', async () => {
    const call = await byCode('event-types', 'incoming_call');
    const ok = await t.admin.patch(`/api/v1/settings/event-types/${call.id}`, {
      nameRu: 'Звонок входящий',
      color: '#ff0000',
      sortOrder: 5,
      defaultDurationMinutes: 3,
      code: 'incoming_call',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      nameRu: 'Звонок входящий',
      color: '#ff0000',
      sortOrder: 5,
      isSystem: true,
    });

    const code = await t.admin.patch(`/api/v1/settings/event-types/${call.id}`, {
      code: 'call_in',
      nameRu: 'X',
    });
    expect(code.statusCode).toBe(409);
    expect(code.json().error).toMatchObject({ code: 'book_system_field' });
    expect(code.json().error.details.fields).toEqual([
      { path: 'code', code: 'book_system_fixed', message: 'У системной записи это поле не меняется' },
    ]);
    const flag = await t.admin.patch(`/api/v1/settings/event-types/${call.id}`, { channel: 'other' });
    expect(flag.statusCode).toBe(409);
    expect(flag.json().error.details.fields[0].path).toBe('channel');
    expect((await t.admin.get(`/api/v1/settings/event-types/${call.id}`)).json()).toMatchObject({
      code: 'incoming_call',
      nameRu: 'Звонок входящий',
      channel: 'call',
    });

    const del = await t.admin.delete(`/api/v1/settings/event-types/${call.id}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().error).toMatchObject({
      code: 'book_system_entry',
      message: 'Системную запись «Звонок входящий» нельзя удалить; её можно сделать неактивной',
    });

    const busy = await byCode('user-statuses', 'busy');
    const paused = await t.admin.patch(`/api/v1/settings/user-statuses/${busy.id}`, { isQueuePaused: true });
    expect(paused.statusCode).toBe(409);
    expect(paused.json().error.details.fields[0]).toMatchObject({ path: 'isQueuePaused' });
  });

  it('refuses a duplicate or malformed code with a field error, in the caller’s language', async () => {
    const dup = await t.admin.post('/api/v1/settings/user-statuses', { code: 'busy', ...names('Занят 2') });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({
      code: 'book_code_taken',
      message: 'Запись с кодом «busy» уже есть в справочнике',
      details: {
        fields: [{ path: 'code', code: 'book_code_taken', message: 'Этот код уже занят другой записью' }],
      },
    });
    const other = (
      await t.admin.post('/api/v1/settings/user-statuses', {
        code: 'lunch',
        ...names('Обед'),
        isQueuePaused: true,
      })
    ).json();
    const rename = await t.admin.patch(`/api/v1/settings/user-statuses/${other.id}`, { code: 'offline' });
    expect(rename.statusCode).toBe(409);
    expect(rename.json().error.details.fields[0].path).toBe('code');

    const bad = await t.admin.request(
      'POST',
      '/api/v1/settings/event-types',
      { code: 'Bad Code', nameRu: '', nameUk: 'x', nameEn: 'x', color: 'red', channel: 'fax', extra: 1 },
      {},
    );
    expect(bad.statusCode).toBe(400);
    const fields = Object.fromEntries(
      bad.json().error.details.fields.map((f: { path: string; message: string }) => [f.path, f.message]),
    );
    expect(fields).toMatchObject({
      code: 'Код: 1–64 символа, латинские строчные буквы, цифры, подчёркивание',
      nameRu: 'Обязательное поле',
      color: 'Цвет в формате #rrggbb',
    });
    expect(Object.keys(fields)).toEqual(expect.arrayContaining(['channel', 'extra']));
  });

  it('keeps exactly one initial task status, active, and checks transitions', async () => {
    const initial = await byCode('task-statuses', 'new');
    const closed = await byCode('task-statuses', 'closed');
    const inProgress = await byCode('task-statuses', 'in_progress');

    const second = await t.admin.post('/api/v1/settings/task-statuses', {
      code: 'draft',
      ...names('Черновик'),
      isInitial: true,
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toMatchObject({
      code: 'task_status_initial_taken',
      message: 'Начальный статус может быть только один, и это «Новая»',
      details: { fields: [{ path: 'isInitial', message: 'Начальный статус уже есть: «Новая»' }] },
    });
    const unset = await t.admin.patch(`/api/v1/settings/task-statuses/${initial.id}`, { isInitial: false });
    expect(unset.statusCode).toBe(409);
    const off = await t.admin.patch(`/api/v1/settings/task-statuses/${initial.id}`, { isActive: false });
    expect(off.statusCode).toBe(409);
    expect(off.json().error).toMatchObject({
      code: 'task_status_initial_required',
      details: { fields: [{ path: 'isActive', code: 'book_initial_required' }] },
    });

    const review = await t.admin.post('/api/v1/settings/task-statuses', {
      code: 'review',
      ...names('На проверке'),
      allowedNextIds: [inProgress.id, closed.id, closed.id],
    });
    expect(review.statusCode).toBe(201);
    const made = review.json();
    expect(made).toMatchObject({ isInitial: false, isFinal: false, isSystem: false });
    expect(made.allowedNextIds).toEqual([inProgress.id, closed.id]);
    const promote = await t.admin.patch(`/api/v1/settings/task-statuses/${made.id}`, { isInitial: true });
    expect(promote.statusCode).toBe(409);

    // Only the one initial status, still active, after all of that.
    const statuses = await list('task-statuses');
    expect(statuses.filter((s) => s.isInitial).map((s) => [s.code, s.isActive])).toEqual([['new', true]]);

    const self = await t.admin.patch(`/api/v1/settings/task-statuses/${made.id}`, {
      allowedNextIds: [made.id],
    });
    expect(self.json().error.details.fields[0]).toMatchObject({
      path: 'allowedNextIds',
      code: 'book_transition_self',
    });
    const missing = await t.admin.patch(`/api/v1/settings/task-statuses/${made.id}`, {
      allowedNextIds: [99999],
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details.fields[0]).toMatchObject({
      code: 'not_found',
      message: 'Не найдено: #99999',
    });
    const both = await t.admin.post('/api/v1/settings/task-statuses', {
      code: 'odd',
      ...names('Странный'),
      isInitial: true,
      isFinal: true,
    });
    expect(both.json().error.details.fields[0]).toMatchObject({
      path: 'isFinal',
      code: 'book_initial_final',
    });

    // A final status reopens only to non-final ones.
    const archived = await t.admin.post('/api/v1/settings/task-statuses', {
      code: 'archived',
      ...names('В архиве'),
      isFinal: true,
      allowedNextIds: [closed.id],
    });
    expect(archived.json().error.details.fields[0]).toMatchObject({ code: 'book_final_to_final' });
    const reopenable = await t.admin.post('/api/v1/settings/task-statuses', {
      code: 'archived',
      ...names('В архиве'),
      isFinal: true,
      allowedNextIds: [inProgress.id],
    });
    expect(reopenable.statusCode).toBe(201);
    // `review` is a way out of the final `archived`, so it cannot become final itself.
    await t.admin.patch(`/api/v1/settings/task-statuses/${reopenable.json().id}`, {
      allowedNextIds: [made.id],
    });
    const finalReview = await t.admin.patch(`/api/v1/settings/task-statuses/${made.id}`, {
      isFinal: true,
      allowedNextIds: [inProgress.id],
    });
    expect(finalReview.json().error.details.fields[0]).toMatchObject({
      path: 'isFinal',
      code: 'book_final_to_final',
    });

    // `review` is referred to by `archived`'s transitions: in use, so only deactivation.
    const del = await t.admin.delete(`/api/v1/settings/task-statuses/${made.id}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().error).toMatchObject({
      code: 'book_entry_in_use',
      message:
        'Запись «На проверке» используется (ссылок: 1), поэтому удалить её нельзя. Сделайте её неактивной',
      details: { references: [{ source: 'task_status_transitions', count: 1 }] },
    });
    // Its own transitions do not hold it back: `archived` lists `review`, not the other way round.
    await t.admin.patch(`/api/v1/settings/task-statuses/${reopenable.json().id}`, { allowedNextIds: [] });
    expect((await t.admin.delete(`/api/v1/settings/task-statuses/${made.id}`)).statusCode).toBe(200);
    expect((await list('task-statuses')).some((s) => s.code === 'review')).toBe(false);
  });

  it('keeps journals a tree per document type with one active default', async () => {
    const projects = await byCode('journals', 'projects');
    const events = await byCode('journals', 'events');

    const res = await t.admin.post('/api/v1/settings/journals', {
      code: 'sales',
      ...names('Продажи'),
      parentId: projects.id,
    });
    expect(res.statusCode).toBe(201);
    const sales = res.json();
    expect(sales).toMatchObject({
      docType: 'project',
      parentId: projects.id,
      isDefault: false,
      isSystem: false,
    });
    const child = (
      await t.admin.post('/api/v1/settings/journals', {
        code: 'sales_kyiv',
        ...names('Киев'),
        parentId: sales.id,
      })
    ).json();
    expect(child).toMatchObject({ docType: 'project', parentId: sales.id });

    const wrongType = await t.admin.post('/api/v1/settings/journals', {
      code: 'calls',
      ...names('Звонки'),
      parentId: projects.id,
      docType: 'event',
    });
    expect(wrongType.json().error.details.fields[0]).toMatchObject({
      path: 'parentId',
      code: 'book_journal_parent_doc_type',
    });
    const moveAcross = await t.admin.patch(`/api/v1/settings/journals/${sales.id}`, { parentId: events.id });
    expect(moveAcross.json().error.details.fields[0].code).toBe('book_journal_parent_doc_type');
    const cycle = await t.admin.patch(`/api/v1/settings/journals/${sales.id}`, { parentId: child.id });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().error.details.fields[0]).toMatchObject({
      path: 'parentId',
      code: 'book_journal_cycle',
    });
    const selfParent = await t.admin.patch(`/api/v1/settings/journals/${sales.id}`, { parentId: sales.id });
    expect(selfParent.json().error.details.fields[0].code).toBe('book_journal_cycle');
    const noParent = await t.admin.post('/api/v1/settings/journals', { code: 'root', ...names('Корень') });
    expect(noParent.json().error.details.fields[0].path).toBe('parentId');
    const sectionMove = await t.admin.patch(`/api/v1/settings/journals/${projects.id}`, {
      parentId: sales.id,
    });
    expect(sectionMove.statusCode).toBe(409);

    const defaultOff = await t.admin.patch(`/api/v1/settings/journals/${projects.id}`, { isActive: false });
    expect(defaultOff.statusCode).toBe(400);
    expect(defaultOff.json().error.details.fields[0]).toMatchObject({
      path: 'isActive',
      code: 'book_journal_default_inactive',
    });
    const unsetDefault = await t.admin.patch(`/api/v1/settings/journals/${projects.id}`, {
      isDefault: false,
    });
    expect(unsetDefault.json().error.details.fields[0].code).toBe('book_journal_default_required');

    // Making `sales` the default moves the flag from the section (both logged).
    const moved = await t.admin.patch(`/api/v1/settings/journals/${sales.id}`, { isDefault: true });
    expect(moved.json()).toMatchObject({ isDefault: true });
    const defaults = (await list('journals')).filter((j) => j.isDefault).map((j) => [j.code, j.docType]);
    expect(defaults).toEqual([
      ['events', 'event'],
      ['tasks', 'task'],
      ['sales', 'project'],
    ]);
    expect((await lastChange('journal', projects.id)).changes).toEqual({
      isDefault: { old: true, new: false },
    });
    expect((await t.services.referenceBooks.journals.defaultFor('project')).code).toBe('sales');

    const delDefault = await t.admin.delete(`/api/v1/settings/journals/${sales.id}`);
    expect(delDefault.statusCode).toBe(409);
    expect(delDefault.json().error.code).toBe('journal_default_required');
    await t.admin.patch(`/api/v1/settings/journals/${projects.id}`, { isDefault: true });
    const withChild = await t.admin.delete(`/api/v1/settings/journals/${sales.id}`);
    expect(withChild.statusCode).toBe(409);
    expect(withChild.json().error).toMatchObject({
      code: 'book_entry_in_use',
      details: { references: [{ source: 'journals', count: 1 }] },
    });
    expect((await t.admin.delete(`/api/v1/settings/journals/${child.id}`)).statusCode).toBe(200);
    expect((await t.admin.delete(`/api/v1/settings/journals/${sales.id}`)).statusCode).toBe(200);
    expect(await t.services.referenceBooks.journalRef(projects.id)).toEqual({
      id: projects.id,
      code: 'projects',
      docType: 'project',
    });
  });

  it('records every field by default and stores only the switched-off ones', async () => {
    const matrix = (await user.get('/api/v1/settings/history')).json();
    expect(matrix.map((d: { docType: string }) => d.docType)).toEqual(['client', 'project', 'event', 'task']);
    for (const doc of matrix as {
      docType: keyof typeof HISTORY_FIELDS;
      fields: { field: string; isRecorded: boolean }[];
    }[]) {
      expect(doc.fields.map((f) => f.field)).toEqual([...HISTORY_FIELDS[doc.docType]]);
      expect(doc.fields.every((f) => f.isRecorded)).toBe(true);
    }
    const count = async () =>
      Number(
        (
          await t.ctx.database.db
            .selectFrom('history_settings')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count()).toBe(0);

    const res = await t.admin.put('/api/v1/settings/history', {
      changes: [
        { docType: 'task', field: 'priority', isRecorded: false },
        { docType: 'client', field: 'notes', isRecorded: false },
        { docType: 'event', field: 'subject', isRecorded: true },
      ],
    });
    expect(res.statusCode).toBe(200);
    const after = res.json() as { docType: string; fields: { field: string; isRecorded: boolean }[] }[];
    const off = after.flatMap((d) =>
      d.fields.filter((f) => !f.isRecorded).map((f) => `${d.docType}.${f.field}`),
    );
    expect(off).toEqual(['client.notes', 'task.priority']);
    expect(await count()).toBe(2);
    expect((await lastChange('history_setting', 'task.priority')).changes).toEqual({
      isRecorded: { old: true, new: false },
    });
    expect((await t.services.referenceBooks.history.recordedFields('task')).has('priority')).toBe(false);

    await t.admin.put('/api/v1/settings/history', {
      changes: [{ docType: 'task', field: 'priority', isRecorded: true }],
    });
    expect(await count()).toBe(1);

    const unknown = await t.admin.put('/api/v1/settings/history', {
      changes: [
        { docType: 'client', field: 'name', isRecorded: false },
        { docType: 'task', field: 'salary', isRecorded: false },
      ],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details.fields).toEqual([
      {
        path: 'changes.1.field',
        code: 'book_history_field',
        message: 'Нет такого поля у документа: task.salary',
      },
    ]);
    // Nothing of a refused request is saved.
    expect(await count()).toBe(1);
  });

  it('lets every user set their own status, kept with the time it was set', async () => {
    expect((await user.get('/api/v1/me/status')).json()).toMatchObject({ status: null, setAt: null });
    const busy = await byCode('user-statuses', 'busy');
    const available = await byCode('user-statuses', 'available');

    const set = await user.put('/api/v1/me/status', { statusId: busy.id });
    expect(set.statusCode).toBe(200);
    const first = set.json();
    expect(first.status).toMatchObject({ code: 'busy' });
    expect(new Date(first.setAt).toISOString()).toBe(first.setAt);
    expect((await user.get('/api/v1/me/status')).json()).toEqual(first);

    // The same status again keeps its time; another one gets a new time.
    expect((await user.put('/api/v1/me/status', { statusId: busy.id })).json().setAt).toBe(first.setAt);
    const changed = (await user.put('/api/v1/me/status', { statusId: available.id })).json();
    expect(changed.status.code).toBe('available');
    expect(changed.setAt >= first.setAt).toBe(true);

    const lunch = await byCode('user-statuses', 'lunch');
    await t.admin.patch(`/api/v1/settings/user-statuses/${lunch.id}`, { isActive: false });
    const inactive = await user.put('/api/v1/me/status', { statusId: lunch.id });
    expect(inactive.statusCode).toBe(400);
    expect(inactive.json().error.details.fields[0]).toMatchObject({
      path: 'statusId',
      code: 'book_status_inactive',
    });
    expect((await user.put('/api/v1/me/status', { statusId: 99999 })).statusCode).toBe(400);

    const all = await t.admin.get('/api/v1/settings/user-statuses/current');
    expect(all.statusCode).toBe(200);
    const rows = all.json() as { login: string; status: { code: string } | null; setAt: string | null }[];
    expect(rows.find((r) => r.login === 'operator')).toMatchObject({
      status: { code: 'available' },
      setAt: changed.setAt,
    });
    expect(rows.find((r) => r.login === 'admin')).toMatchObject({ status: null, setAt: null });
    expect((await user.get('/api/v1/settings/user-statuses/current')).statusCode).toBe(403);

    // A status someone is in cannot be deleted.
    await t.admin.patch(`/api/v1/settings/user-statuses/${lunch.id}`, { isActive: true });
    await user.put('/api/v1/me/status', { statusId: lunch.id });
    const del = await t.admin.delete(`/api/v1/settings/user-statuses/${lunch.id}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().error.details.references).toEqual([{ source: 'user_current_statuses', count: 1 }]);
    await user.put('/api/v1/me/status', { statusId: available.id });
    expect((await t.admin.delete(`/api/v1/settings/user-statuses/${lunch.id}`)).statusCode).toBe(200);
  });

  it('lets only administrators change the books', async () => {
    const before = (await t.admin.get('/api/v1/settings/changes?area=books')).json().total;
    const journal = await byCode('journals', 'tasks');
    const attempts = [
      user.post('/api/v1/settings/event-types', { code: 'x', ...names('X') }),
      user.patch(`/api/v1/settings/journals/${journal.id}`, { nameRu: 'Мои задачи' }),
      user.delete(`/api/v1/settings/task-statuses/${(await byCode('task-statuses', 'done')).id}`),
      user.post('/api/v1/settings/user-statuses', { code: 'x', ...names('X') }),
      user.put('/api/v1/settings/history', {
        changes: [{ docType: 'task', field: 'title', isRecorded: false }],
      }),
    ];
    for (const res of await Promise.all(attempts)) expect(res.statusCode).toBe(403);
    expect((await t.anonymous.get('/api/v1/settings/event-types')).statusCode).toBe(401);
    expect((await t.anonymous.get('/api/v1/me/status')).statusCode).toBe(401);
    expect((await t.admin.get('/api/v1/settings/changes?area=books')).json().total).toBe(before);
    expect((await byCode('journals', 'tasks')).nameRu).toBe('Задачи');
  });

  it('documents the routes in OpenAPI', async () => {
    const doc = (await t.anonymous.get('/api/openapi.json')).json();
    for (const path of [
      '/api/v1/settings/event-types',
      '/api/v1/settings/task-statuses/{id}',
      '/api/v1/settings/user-statuses/current',
      '/api/v1/settings/journals',
      '/api/v1/settings/history',
      '/api/v1/me/status',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });
});
