import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app.js';
import { SYSTEM_VIEWER } from '../../src/server/modules/access/viewer.js';

interface Status {
  id: number;
  code: string;
  nameRu: string;
  isFinal: boolean;
  isInitial: boolean;
  sortOrder: number;
  allowedNextIds: number[];
}
interface TaskJson {
  id: number;
  number: string;
  title: string;
  statusId: number;
  status: { code: string; isFinal: boolean };
  priority: string;
  authorId: number | null;
  performerId: number | null;
  controllerId: number | null;
  deadline: string | null;
  completedAt: string | null;
  isOverdue: boolean;
  clientId: number | null;
  projectId: number | null;
  eventId: number | null;
  journalId: number;
  [key: string]: unknown;
}

const HOUR = 3_600_000;
const at = (offsetHours: number) => new Date(Date.now() + offsetHours * HOUR).toISOString();

describe('tasks (Картотека задач)', () => {
  let t: TestApp;
  let adminId: number;
  let olga: Client;
  let olgaId: number;
  let ivan: Client;
  let ivanId: number;
  let statuses: Record<string, Status>;

  beforeAll(async () => {
    t = await createTestApp();
    adminId = (await t.admin.get('/api/v1/me')).json().id;
    olgaId = (
      await t.services.users.create({ login: 'olga', fullName: 'Ольга Петренко', password: 'olga-pass-1' })
    ).id;
    ivanId = (
      await t.services.users.create({ login: 'ivan', fullName: 'Іван Коваль', password: 'ivan-pass-1' })
    ).id;
    olga = await t.login('olga', 'olga-pass-1');
    ivan = await t.login('ivan', 'ivan-pass-1');
    statuses = await loadStatuses();
  });
  afterAll(() => t.close());

  async function loadStatuses(): Promise<Record<string, Status>> {
    const list = (await t.admin.get('/api/v1/settings/task-statuses')).json<Status[]>();
    return Object.fromEntries(list.map((s) => [s.code, s]));
  }

  async function create(body: Record<string, unknown>, client: Client = t.admin): Promise<TaskJson> {
    const res = await client.post('/api/v1/tasks', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }

  async function list(query: string, client: Client = t.admin): Promise<TaskJson[]> {
    const res = await client.get(`/api/v1/tasks?limit=500&${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items;
  }

  const fieldsOf = (res: {
    json: () => { error: { details: { fields: { path: string; code: string }[] } } };
  }) => res.json().error.details.fields.map((f) => [f.path, f.code]);

  it('creates a numbered task with the initial status and the caller as author', async () => {
    const first = await create({ title: '  Позвонить клиенту ' });
    expect(first).toMatchObject({
      title: 'Позвонить клиенту',
      description: '',
      statusId: statuses.new!.id,
      status: { code: 'new', isFinal: false },
      priority: 'normal',
      authorId: adminId,
      author: { id: adminId, name: 'Администратор' },
      performerId: null,
      completedAt: null,
      isOverdue: false,
      clientId: null,
      projectId: null,
      eventId: null,
      checklist: { total: 0, done: 0 },
    });
    const year = new Date().getFullYear();
    expect(first.number).toMatch(new RegExp(`^З-${year}-\\d{6}$`));
    const journal = (await t.admin.get('/api/v1/settings/journals')).json<{ id: number; code: string }[]>();
    expect(first.journalId).toBe(journal.find((j) => j.code === 'tasks')!.id);

    const second = await create({ title: 'Второе', priority: 'urgent', performerId: olgaId }, olga);
    expect(second.authorId).toBe(olgaId);
    expect(second.performer).toEqual({ id: olgaId, name: 'Ольга Петренко' });
    expect(Number(second.number.slice(-6))).toBe(Number(first.number.slice(-6)) + 1);

    const card = await t.admin.get(`/api/v1/tasks/${second.id}`);
    expect(card.json()).toMatchObject({ id: second.id, priority: 'urgent', number: second.number });
    expect((await t.admin.get('/api/v1/tasks/999999')).statusCode).toBe(404);
  });

  it('refuses bad input with field errors', async () => {
    const noTitle = await t.admin.post('/api/v1/tasks', { description: 'x' });
    expect(noTitle.statusCode).toBe(400);
    expect(fieldsOf(noTitle)).toContainEqual(['title', expect.any(String)]);
    expect(noTitle.json().error.details.fields[0].message).toBe('Обязательное поле');

    const blank = await t.admin.post('/api/v1/tasks', { title: '   ' });
    expect(blank.statusCode).toBe(400);

    const tooLong = await t.admin.post('/api/v1/tasks', { title: 'x'.repeat(1001) });
    expect(tooLong.statusCode).toBe(400);

    const dates = await t.admin.post('/api/v1/tasks', {
      title: 'Сроки',
      startsAt: '2030-05-02T10:00:00+03:00',
      deadline: '2030-05-02T09:00:00+03:00',
    });
    expect(dates.statusCode).toBe(400);
    expect(fieldsOf(dates)).toEqual([['deadline', 'task_deadline_before_start']]);
    expect(dates.json().error.details.fields[0].message).toBe('Срок не может быть раньше начала');

    const badMoment = await t.admin.post('/api/v1/tasks', { title: 'x', deadline: 'завтра' });
    expect(badMoment.statusCode).toBe(400);
    expect(badMoment.json().error.details.fields[0]).toMatchObject({ path: 'deadline' });

    const user = await t.admin.post('/api/v1/tasks', { title: 'x', performerId: 987654 });
    expect(user.statusCode).toBe(400);
    expect(fieldsOf(user)).toEqual([['performerId', 'user_not_assignable']]);

    const journal = await t.admin.post('/api/v1/tasks', { title: 'x', journalId: 987654 });
    expect(journal.statusCode).toBe(400);
    expect(fieldsOf(journal)).toEqual([['journalId', 'journal_unknown']]);
    const projectsRoot = (await t.admin.get('/api/v1/settings/journals')).json<
      { id: number; code: string }[]
    >();
    const wrongType = await t.admin.post('/api/v1/tasks', {
      title: 'x',
      journalId: projectsRoot.find((j) => j.code === 'projects')!.id,
    });
    expect(fieldsOf(wrongType)).toEqual([['journalId', 'journal_unknown']]);

    const status = await t.admin.post('/api/v1/tasks', { title: 'x', statusId: 987654 });
    expect(fieldsOf(status)).toEqual([['statusId', 'task_status_unknown']]);

    const unknownClient = await t.admin.post('/api/v1/tasks', { title: 'x', clientId: 987654 });
    expect(unknownClient.statusCode).toBe(400);
    expect(fieldsOf(unknownClient)).toEqual([['clientId', 'client_unknown']]);

    const client = (await t.admin.post('/api/v1/clients', { name: 'ТОВ «Закрито»' })).json<{ id: number }>();
    expect((await t.admin.delete(`/api/v1/clients/${client.id}`)).statusCode).toBe(200);
    const deleted = await t.admin.post('/api/v1/tasks', { title: 'x', clientId: client.id });
    expect(deleted.statusCode).toBe(400);
    expect(fieldsOf(deleted)).toEqual([['clientId', 'client_deleted']]);

    const huge = await t.admin.post('/api/v1/tasks', {
      title: 'x',
      description: 'я'.repeat(10 * 1024 * 1024),
    });
    expect([400, 413]).toContain(huge.statusCode);
    const tooBig = await t.admin.post('/api/v1/tasks', { title: 'x', description: 'z'.repeat(100_001) });
    expect(tooBig.statusCode).toBe(400);
    expect(fieldsOf(tooBig)).toEqual([['description', 'too_big']]);

    // Nothing of the refused requests was saved and no number was taken.
    const all = await list('');
    expect(all.map((x) => x.title)).not.toContain('x');
  });

  it('obeys the allowed transitions, stamps completion and locks a task in a final status', async () => {
    const s = statuses;
    // new → in progress or cancelled; closed → back to work only.
    const setNext = (code: string, next: string[]) =>
      t.admin.patch(`/api/v1/settings/task-statuses/${s[code]!.id}`, {
        allowedNextIds: next.map((c) => s[c]!.id),
      });
    expect((await setNext('new', ['in_progress', 'cancelled'])).statusCode).toBe(200);
    expect((await setNext('closed', ['in_progress'])).statusCode).toBe(200);

    const task = await create({ title: 'Подготовить договор', deadline: at(-2) });
    expect(task.isOverdue).toBe(true);

    const refused = await t.admin.post(`/api/v1/tasks/${task.id}/status`, { statusId: s.closed!.id });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({
      code: 'task_transition_refused',
      message: 'Переход из статуса «Новая» в «Завершена» не разрешён',
    });
    const viaPatch = await t.admin.patch(`/api/v1/tasks/${task.id}`, { statusId: s.done!.id });
    expect(viaPatch.statusCode).toBe(409);

    const working = await t.admin.post(`/api/v1/tasks/${task.id}/status`, { statusId: s.in_progress!.id });
    expect(working.statusCode).toBe(200);
    expect(working.json()).toMatchObject({ status: { code: 'in_progress' }, completedAt: null });

    const before = Date.now();
    const closed = await t.admin.post(`/api/v1/tasks/${task.id}/status`, { statusId: s.closed!.id });
    expect(closed.statusCode).toBe(200);
    const closedTask = closed.json<TaskJson>();
    expect(closedTask.status).toMatchObject({ code: 'closed', isFinal: true });
    expect(Date.parse(closedTask.completedAt!)).toBeGreaterThanOrEqual(before - 1000);
    expect(closedTask.isOverdue).toBe(false);

    const locked = await t.admin.patch(`/api/v1/tasks/${task.id}`, { title: 'Другое' });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().error).toMatchObject({
      code: 'task_final_locked',
      message: 'Задача в конечном статусе «Завершена» не редактируется. Сначала верните её в работу',
    });
    const lockedReopen = await t.admin.patch(`/api/v1/tasks/${task.id}`, {
      title: 'Другое',
      statusId: s.in_progress!.id,
    });
    expect(lockedReopen.statusCode).toBe(409);
    // Re-sending the unchanged values (a form saved without edits) is not a change.
    expect(
      (await t.admin.patch(`/api/v1/tasks/${task.id}`, { title: 'Подготовить договор' })).statusCode,
    ).toBe(200);
    const checklist = await t.admin.post(`/api/v1/tasks/${task.id}/checklist`, { text: 'пункт' });
    expect(checklist.statusCode).toBe(409);
    expect(checklist.json().error.code).toBe('task_final_locked');
    const comment = await t.admin.post(`/api/v1/tasks/${task.id}/comments`, { body: 'Закрыто по звонку' });
    expect(comment.statusCode).toBe(201);

    const toCancelled = await t.admin.post(`/api/v1/tasks/${task.id}/status`, { statusId: s.cancelled!.id });
    expect(toCancelled.statusCode).toBe(409);

    const reopened = await t.admin.post(`/api/v1/tasks/${task.id}/status`, { statusId: s.in_progress!.id });
    expect(reopened.statusCode).toBe(200);
    expect(reopened.json()).toMatchObject({ completedAt: null, isOverdue: true });
    const edited = await t.admin.patch(`/api/v1/tasks/${task.id}`, { title: 'Подготовить договор v2' });
    expect(edited.statusCode).toBe(200);

    // A task may be created in the initial status or one a transition from it allows, final ones
    // included (it is complete at once); other statuses are refused as transitions are.
    const done = await create({ title: 'Уже сделано', statusId: s.cancelled!.id });
    expect(done.completedAt).not.toBeNull();
    expect((await create({ title: 'Сразу в работу', statusId: s.in_progress!.id })).status.code).toBe(
      'in_progress',
    );
    expect((await create({ title: 'Как обычно', statusId: s.new!.id })).status.code).toBe('new');
    for (const code of ['closed', 'done']) {
      const skipped = await t.admin.post('/api/v1/tasks', {
        title: 'В обход переходов',
        statusId: s[code]!.id,
      });
      expect(skipped.statusCode, code).toBe(409);
      expect(skipped.json().error.code).toBe('task_transition_refused');
    }
    expect((await list(`q=${encodeURIComponent('в обход')}`)).length).toBe(0);

    // A status in use cannot be deleted (the book asks the tasks module).
    const custom = await t.admin.post('/api/v1/settings/task-statuses', {
      code: 'review',
      nameRu: 'На проверке',
      nameUk: 'На перевірці',
      nameEn: 'Review',
    });
    expect(custom.statusCode).toBe(201);
    await t.admin.patch(`/api/v1/settings/task-statuses/${s.new!.id}`, {
      allowedNextIds: [s.in_progress!.id, s.cancelled!.id, custom.json().id],
    });
    const reviewed = await create({ title: 'На проверку', statusId: custom.json().id });
    await setNext('new', ['in_progress', 'cancelled']);
    const inUse = await t.admin.delete(`/api/v1/settings/task-statuses/${custom.json().id}`);
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().error.details.references).toEqual([{ source: 'tasks', count: 1 }]);
    expect((await t.admin.delete(`/api/v1/tasks/${reviewed.id}`)).statusCode).toBe(200);
    expect((await t.admin.get(`/api/v1/tasks/${reviewed.id}`)).statusCode).toBe(404);
    expect((await t.admin.delete(`/api/v1/settings/task-statuses/${custom.json().id}`)).statusCode).toBe(200);

    // An inactive status cannot be chosen.
    await t.admin.patch(`/api/v1/settings/task-statuses/${s.postponed!.id}`, { isActive: false });
    const inactive = await t.admin.post(`/api/v1/tasks/${task.id}/status`, { statusId: s.postponed!.id });
    expect(fieldsOf(inactive)).toEqual([['statusId', 'task_status_unknown']]);
    await t.admin.patch(`/api/v1/settings/task-statuses/${s.postponed!.id}`, { isActive: true });

    await setNext('new', []);
    await setNext('closed', []);
    statuses = await loadStatuses();
  });

  it('checks what a change touches and keeps what it leaves out', async () => {
    const task = await create({
      title: 'Правка',
      description: 'Описание',
      performerId: ivanId,
      startsAt: '2030-01-10T09:00:00Z',
      deadline: '2030-01-12T18:00:00Z',
    });
    const url = `/api/v1/tasks/${task.id}`;
    expect(fieldsOf(await t.admin.patch(url, { deadline: '2030-01-09T00:00:00Z' }))).toEqual([
      ['deadline', 'task_deadline_before_start'],
    ]);
    expect(fieldsOf(await t.admin.patch(url, { startsAt: '2030-01-13T00:00:00Z' }))).toEqual([
      ['deadline', 'task_deadline_before_start'],
    ]);
    expect(fieldsOf(await t.admin.patch(url, { controllerId: 987654 }))).toEqual([
      ['controllerId', 'user_not_assignable'],
    ]);
    expect(fieldsOf(await t.admin.patch(url, { journalId: 987654 }))).toEqual([
      ['journalId', 'journal_unknown'],
    ]);
    expect(fieldsOf(await t.admin.patch(url, { title: '' }))).toEqual([['title', 'too_small']]);
    expect((await t.admin.patch(url, { unknownField: 1 })).statusCode).toBe(400);
    expect((await t.admin.patch('/api/v1/tasks/999999', { title: 'x' })).statusCode).toBe(404);

    // A user made inactive stays the performer of the tasks already given to them.
    const temp = await t.services.users.create({
      login: 'temp',
      fullName: 'Временный',
      password: 'temp-pass-1',
    });
    await t.admin.patch(url, { performerId: temp.id });
    await t.services.users.update(temp.id, { isActive: false });
    const kept = await t.admin.patch(url, { title: 'Правка 2', performerId: temp.id });
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.json()).toMatchObject({
      title: 'Правка 2',
      description: 'Описание',
      performerId: temp.id,
      deadline: '2030-01-12T18:00:00.000Z',
    });
    const cleared = await t.admin.patch(url, { performerId: null, deadline: null });
    expect(cleared.json()).toMatchObject({ performerId: null, performer: null, deadline: null });
  });

  it('computes and filters overdue tasks', async () => {
    const late = await create({ title: 'Просрочена', deadline: at(-1), performerId: ivanId });
    const soon = await create({ title: 'Скоро', deadline: at(5), performerId: ivanId });
    const lateDone = await create({ title: 'Просрочена, но закрыта', deadline: at(-1), performerId: ivanId });
    await t.admin.post(`/api/v1/tasks/${lateDone.id}/status`, { statusId: statuses.done!.id });
    await t.admin.post(`/api/v1/tasks/${lateDone.id}/status`, { statusId: statuses.closed!.id });

    const overdue = await list(`overdue=true&performerId=${ivanId}`);
    expect(overdue.map((x) => x.id)).toEqual([late.id]);
    expect(overdue[0]!.isOverdue).toBe(true);
    const notOverdue = await list(`overdue=false&performerId=${ivanId}`);
    expect(notOverdue.map((x) => x.id).sort()).toEqual([soon.id, lateDone.id].sort());

    // The deadline period: a day (the enterprise's, Kyiv by default) runs through its end; a
    // moment is exclusive.
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Kyiv' }).format(new Date(at(5)));
    const inDay = await list(`performerId=${ivanId}&from=${day}&to=${day}`);
    expect(inDay.map((x) => x.id)).toContain(soon.id);
    const before = await list(`performerId=${ivanId}&to=${encodeURIComponent(at(0))}`);
    expect(before.map((x) => x.id).sort()).toEqual([late.id, lateDone.id].sort());
    const badBound = await t.admin.get('/api/v1/tasks?from=вчера');
    expect(badBound.statusCode).toBe(400);
  });

  it('counts the days of the deadline period in the enterprise time zone', async () => {
    expect((await t.admin.put('/api/v1/admin/enterprise', { timeZone: 'Europe/Kyiv' })).statusCode).toBe(200);
    // 01:30 on 10 June in Kyiv is still 9 June in UTC; 23:30 on 10 June is 20:30 UTC.
    const early = await create({ title: 'Ранний срок', deadline: '2031-06-10T01:30:00+03:00' });
    const late = await create({ title: 'Поздний срок', deadline: '2031-06-10T23:30:00+03:00' });
    const next = await create({ title: 'Следующий день', deadline: '2031-06-11T00:30:00+03:00' });
    const ids = async (query: string) => (await list(query)).map((x) => x.id).sort((a, b) => a - b);
    expect(await ids('from=2031-06-10&to=2031-06-10')).toEqual([early.id, late.id]);
    expect(await ids('from=2031-06-09&to=2031-06-09')).toEqual([]);
    expect(await ids('from=2031-06-11')).toEqual([next.id]);
    expect(await ids('to=2031-06-10&from=2031-06-01')).toEqual([early.id, late.id]);

    // Another zone moves the day: in UTC the early deadline falls on 9 June.
    await t.admin.put('/api/v1/admin/enterprise', { timeZone: 'UTC' });
    expect(await ids('from=2031-06-09&to=2031-06-09')).toEqual([early.id]);
    expect(await ids('from=2031-06-10&to=2031-06-10')).toEqual([late.id, next.id]);
    await t.admin.put('/api/v1/admin/enterprise', { timeZone: 'Europe/Kyiv' });
  });

  it('lists "my tasks" of the caller by role', async () => {
    const a = await create({ title: 'Мне исполнять', performerId: olgaId, controllerId: ivanId });
    const b = await create({ title: 'Я автор', performerId: ivanId }, olga);
    const c = await create({ title: 'Я контролирую', controllerId: olgaId });
    const d = await create({ title: 'Не моя', performerId: ivanId });
    const ids = (items: TaskJson[]) => items.map((x) => x.id);

    expect(ids(await list('mine=performer', olga))).toContain(a.id);
    expect(ids(await list('mine=performer', olga))).not.toContain(b.id);
    expect(ids(await list('mine=author', olga))).toEqual(expect.arrayContaining([b.id]));
    expect(ids(await list('mine=author', olga))).not.toContain(a.id);
    expect(ids(await list('mine=controller', olga))).toEqual([c.id]);
    const any = ids(await list('mine=any', olga));
    expect(any).toEqual(expect.arrayContaining([a.id, b.id, c.id]));
    expect(any).not.toContain(d.id);
    expect((await olga.get('/api/v1/tasks?mine=everyone')).statusCode).toBe(400);
    expect(ids(await list(`controllerId=${ivanId}`))).toContain(a.id);
    expect(ids(await list(`authorId=${olgaId}&performerId=${ivanId}`))).toEqual([b.id]);
  });

  it('shows the board: a column per active status in the book order, with totals', async () => {
    await create({ title: 'Доска 1', performerId: olgaId, priority: 'low' });
    const urgent = await create({ title: 'Доска 2', performerId: olgaId, priority: 'urgent' });
    const moved = await create({ title: 'Доска 3', performerId: olgaId });
    await t.admin.post(`/api/v1/tasks/${moved.id}/status`, { statusId: statuses.in_progress!.id });

    const res = await olga.get('/api/v1/tasks/board?mine=performer&q=доска');
    expect(res.statusCode).toBe(200);
    const columns = res.json().columns as { status: { code: string }; total: number; items: TaskJson[] }[];
    const ordered = Object.values(statuses).sort((x, y) => x.sortOrder - y.sortOrder || x.id - y.id);
    expect(columns.map((c) => c.status.code)).toEqual(ordered.map((s) => s.code));
    const byCode = Object.fromEntries(columns.map((c) => [c.status.code, c]));
    expect(byCode.new!.total).toBe(2);
    expect(byCode.new!.items.map((x) => x.id)[0]).toBe(urgent.id);
    expect(byCode.in_progress!.items.map((x) => x.title)).toEqual(['Доска 3']);
    expect(byCode.closed!.total).toBe(0);

    const only = await olga.get(`/api/v1/tasks/board?statusId=${statuses.in_progress!.id}&q=доска`);
    expect(only.json().columns.map((c: { status: { code: string } }) => c.status.code)).toEqual([
      'in_progress',
    ]);
  });

  it('lets anyone comment and only the author change or delete a comment', async () => {
    const task = await create({ title: 'Обсуждение' });
    const mine = await t.admin.post(`/api/v1/tasks/${task.id}/comments`, { body: 'Первый' });
    expect(mine.statusCode).toBe(201);
    expect(mine.json()).toMatchObject({ body: 'Первый', userId: adminId, user: { name: 'Администратор' } });
    const hers = await olga.post(`/api/v1/tasks/${task.id}/comments`, { body: 'Второй' });
    expect(hers.statusCode).toBe(201);
    expect((await olga.post(`/api/v1/tasks/${task.id}/comments`, { body: '  ' })).statusCode).toBe(400);
    expect(
      (await olga.post(`/api/v1/tasks/${task.id}/comments`, { body: 'я'.repeat(20_001) })).statusCode,
    ).toBe(400);

    const url = (c: { json: () => { id: number } }) => `/api/v1/tasks/${task.id}/comments/${c.json().id}`;
    const foreign = await olga.patch(url(mine), { body: 'Взлом' });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error.code).toBe('task_comment_not_author');
    expect((await olga.delete(url(mine))).statusCode).toBe(403);
    expect((await olga.patch(url(hers), { body: 'Второй (исправлено)' })).statusCode).toBe(200);
    expect((await t.admin.delete(url(hers))).statusCode).toBe(403);
    expect((await t.admin.delete(url(mine))).statusCode).toBe(200);
    expect((await t.admin.delete(url(mine))).statusCode).toBe(404);

    await ivan.post(`/api/v1/tasks/${task.id}/comments`, { body: 'Третий' });
    const page1 = await t.admin.get(`/api/v1/tasks/${task.id}/comments?limit=1`);
    expect(page1.json().items.map((c: { body: string }) => c.body)).toEqual(['Второй (исправлено)']);
    const page2 = await t.admin.get(
      `/api/v1/tasks/${task.id}/comments?limit=1&cursor=${page1.json().nextCursor}`,
    );
    expect(page2.json()).toMatchObject({
      items: [{ body: 'Третий', user: { name: 'Іван Коваль' } }],
      nextCursor: null,
    });
    expect((await t.admin.get('/api/v1/tasks/999999/comments')).statusCode).toBe(404);
  });

  it('keeps a checklist: add, tick, move, delete', async () => {
    const task = await create({ title: 'С чек-листом' });
    const base = `/api/v1/tasks/${task.id}/checklist`;
    const ids: number[] = [];
    for (const text of ['Первый', 'Второй', 'Третий']) {
      const res = await t.admin.post(base, { text });
      expect(res.statusCode).toBe(201);
      ids.push(res.json().id);
    }
    expect((await t.admin.post(base, { text: '' })).statusCode).toBe(400);
    expect((await t.admin.patch(`${base}/${ids[1]}`, { isDone: true })).json()).toMatchObject({
      isDone: true,
    });
    expect(
      (await t.admin.patch(`${base}/${ids[2]}`, { position: 0, text: 'Третий — теперь первый' })).statusCode,
    ).toBe(200);
    const items = (await t.admin.get(base)).json<{ id: number; text: string; isDone: boolean }[]>();
    expect(items.map((i) => [i.text, i.isDone])).toEqual([
      ['Третий — теперь первый', false],
      ['Первый', false],
      ['Второй', true],
    ]);
    expect((await t.admin.patch(`${base}/${ids[0]}`, { position: 99 })).statusCode).toBe(200);
    expect((await t.admin.get(base)).json().map((i: { id: number }) => i.id)).toEqual([
      ids[2],
      ids[1],
      ids[0],
    ]);
    expect((await t.admin.get(`/api/v1/tasks/${task.id}`)).json().checklist).toEqual({ total: 3, done: 1 });

    expect((await t.admin.delete(`${base}/${ids[1]}`)).statusCode).toBe(200);
    expect((await t.admin.delete(`${base}/${ids[1]}`)).statusCode).toBe(404);
    const other = await create({ title: 'Чужой' });
    expect(
      (await t.admin.patch(`/api/v1/tasks/${other.id}/checklist/${ids[0]}`, { isDone: true })).statusCode,
    ).toBe(404);
    expect((await t.admin.get(base)).json()).toHaveLength(2);
  });

  it('records history lines and indexes the task for search', async () => {
    const task = await create({
      title: 'История',
      performerId: olgaId,
      description: 'Уникальнослово внутри',
    });
    const res = await t.admin.patch(`/api/v1/tasks/${task.id}`, {
      title: 'История изменена',
      performerId: ivanId,
      priority: 'high',
      deadline: '2031-01-01T12:00:00+02:00',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().deadline).toBe('2031-01-01T10:00:00.000Z');
    await t.admin.post(`/api/v1/tasks/${task.id}/status`, { statusId: statuses.in_progress!.id });

    const history = (await t.admin.get(`/api/v1/tasks/${task.id}/history`)).json().items as {
      action: string;
      field: string | null;
      oldValue: unknown;
      newValue: unknown;
      userName: string;
    }[];
    const changes = Object.fromEntries(
      history.filter((h) => h.field).map((h) => [h.field, [h.oldValue, h.newValue]]),
    );
    // References are kept with their names, book entries in the caller's language.
    expect(changes).toEqual({
      title: ['История', 'История изменена'],
      performerId: [
        { id: olgaId, name: 'Ольга Петренко' },
        { id: ivanId, name: 'Іван Коваль' },
      ],
      priority: ['normal', 'high'],
      deadline: [null, '2031-01-01T10:00:00.000Z'],
      statusId: [
        { id: statuses.new!.id, name: 'Новая' },
        { id: statuses.in_progress!.id, name: 'В работе' },
      ],
    });
    expect(history.at(-1)).toMatchObject({ action: 'create', userName: 'Администратор' });
    expect((await t.admin.get('/api/v1/tasks/999999/history')).statusCode).toBe(404);

    const found = await t.admin.get(`/api/v1/search?q=${encodeURIComponent('уникальнослово')}&types=task`);
    expect(found.statusCode).toBe(200);
    expect(found.json()).toEqual([
      expect.objectContaining({ docType: 'task', docId: task.id, title: 'История изменена' }),
    ]);
    expect(found.json()[0].subtitle).toBe(`${task.number} · В работе`);
    await t.admin.delete(`/api/v1/tasks/${task.id}`);
    const gone = await t.admin.get(`/api/v1/search?q=${encodeURIComponent('уникальнослово')}&types=task`);
    expect(gone.json()).toEqual([]);
  });

  it('filters by the journal tree and by text', async () => {
    const journals = (await t.admin.get('/api/v1/settings/journals')).json<{ id: number; code: string }[]>();
    const root = journals.find((j) => j.code === 'tasks')!;
    const mk = async (code: string, parentId: number) => {
      const res = await t.admin.post('/api/v1/settings/journals', {
        code,
        nameRu: code,
        nameUk: code,
        nameEn: code,
        parentId,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ id: number }>().id;
    };
    const sales = await mk('sales_tasks', root.id);
    const north = await mk('sales_north', sales);
    const support = await mk('support_tasks', root.id);
    const a = await create({ title: 'Журнал продаж', journalId: sales });
    const b = await create({ title: 'Журнал севера', journalId: north });
    const c = await create({ title: 'Журнал поддержки', journalId: support });

    const ids = async (q: string) => (await list(q)).map((x) => x.id).sort((x, y) => x - y);
    expect(await ids(`journalId=${sales}`)).toEqual([a.id, b.id]);
    expect(await ids(`journalId=${north}`)).toEqual([b.id]);
    expect(await ids(`journalId=${root.id}&q=журнал`)).toEqual([a.id, b.id, c.id]);
    expect(await ids('journalId=987654')).toEqual([]);
    expect(await ids(`q=${encodeURIComponent('ЖУРНАЛ СЕВ')}`)).toEqual([b.id]);
    expect(await ids(`q=${encodeURIComponent(b.number)}`)).toEqual([b.id]);
    expect(await ids('q=100%25')).toEqual([]);

    // Moving to another journal is recorded; a journal with tasks cannot be deleted.
    const moved = await t.admin.patch(`/api/v1/tasks/${b.id}`, { journalId: support });
    expect(moved.json().journal).toMatchObject({ id: support });
    expect(await ids(`journalId=${support}`)).toEqual([b.id, c.id]);
    expect((await t.admin.delete(`/api/v1/settings/journals/${north}`)).statusCode).toBe(200);
    const inUse = await t.admin.delete(`/api/v1/settings/journals/${support}`);
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().error.details.references).toEqual([{ source: 'tasks', count: 2 }]);
  });

  it('pages with a stable keyset under every sort, also while tasks are added', async () => {
    const tag = 'ключ-страниц';
    const deadlines = [at(30), null, at(10), at(20), null, at(10), at(40)];
    const priorities = ['low', 'urgent', 'normal', 'high', 'normal', 'urgent', 'low'];
    for (const [i, deadline] of deadlines.entries()) {
      await create({ title: `${tag} ${i}`, deadline, priority: priorities[i] });
    }
    let added = 0;
    for (const sort of ['createdAt', 'deadline', 'number', 'priority']) {
      for (const order of ['asc', 'desc']) {
        const whole = await list(`q=${encodeURIComponent(tag)}&sort=${sort}&order=${order}`);
        expect(whole).toHaveLength(deadlines.length + added);
        const seen: number[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const res = await t.admin.get(
            `/api/v1/tasks?q=${encodeURIComponent(tag)}&sort=${sort}&order=${order}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          );
          expect(res.statusCode, res.body).toBe(200);
          seen.push(...res.json().items.map((x: TaskJson) => x.id));
          cursor = res.json().nextCursor;
          if (pages++ === 0) {
            await create({ title: `${tag} поздний ${sort} ${order}`, deadline: null, priority: 'low' });
            added++;
          }
        } while (cursor);
        // The task added meanwhile may appear only once, never duplicating or hiding another.
        expect(new Set(seen).size).toBe(seen.length);
        expect(seen.filter((id) => whole.some((w) => w.id === id))).toEqual(whole.map((w) => w.id));
      }
    }
    const byDeadline = await list(`q=${encodeURIComponent(tag)}&sort=deadline&order=asc`);
    const dated = byDeadline.filter((x) => x.deadline !== null).map((x) => x.deadline!);
    expect(dated).toEqual([...dated].sort());
    expect(byDeadline.findIndex((x) => x.deadline === null)).toBe(dated.length);
    const byDeadlineDesc = await list(`q=${encodeURIComponent(tag)}&sort=deadline&order=desc`);
    expect(byDeadlineDesc.map((x) => x.id)).toEqual(byDeadline.map((x) => x.id).reverse());
    const byPriority = await list(`q=${encodeURIComponent(tag)}&sort=priority&order=desc`);
    expect(byPriority[0]!.priority).toBe('urgent');
    expect(byPriority.at(-1)!.priority).toBe('low');

    expect((await t.admin.get('/api/v1/tasks?cursor=garbage')).statusCode).toBe(400);
    const notAMoment = Buffer.from(JSON.stringify(['вчера', 1])).toString('base64url');
    expect((await t.admin.get(`/api/v1/tasks?sort=deadline&cursor=${notAMoment}`)).statusCode).toBe(400);
    expect((await t.admin.get('/api/v1/tasks?sort=title')).statusCode).toBe(400);
    expect((await t.admin.get('/api/v1/tasks?limit=501')).statusCode).toBe(400);
  });

  it('creates a task from an event, keeping the link and taking its client and project', async () => {
    const client = (await t.admin.post('/api/v1/clients', { name: 'ООО «Ромашка»' })).json<{ id: number }>();
    const project = await t.admin.post('/api/v1/projects', {
      name: 'Внедрение',
      kind: 'external',
      clientId: client.id,
    });
    expect(project.statusCode, project.body).toBe(201);
    const types = (await t.admin.get('/api/v1/settings/event-types')).json<{ id: number; code: string }[]>();
    const event = await t.admin.post('/api/v1/events', {
      typeId: types.find((x) => x.code === 'outgoing_call')!.id,
      subject: 'Звонок о сроках',
      startsAt: at(-3),
      projectId: project.json().id,
      clientId: client.id,
    });
    expect(event.statusCode, event.body).toBe(201);

    const task = await create({ title: 'Перезвонить по итогам', eventId: event.json().id });
    expect(task).toMatchObject({
      eventId: event.json().id,
      projectId: project.json().id,
      clientId: client.id,
      client: { id: client.id, name: 'ООО «Ромашка»' },
      event: { id: event.json().id, number: event.json().number, subject: 'Звонок о сроках' },
      project: { id: project.json().id, name: 'Внедрение' },
    });
    expect((await list(`eventId=${event.json().id}`)).map((x) => x.id)).toEqual([task.id]);

    // A project alone gives its client; a client may be left out explicitly.
    const inProject = await create({ title: 'По проекту', projectId: project.json().id });
    expect(inProject.clientId).toBe(client.id);
    const noClient = await create({ title: 'Без клиента', projectId: project.json().id, clientId: null });
    expect(noClient.clientId).toBeNull();
    expect(fieldsOf(await t.admin.post('/api/v1/tasks', { title: 'x', eventId: 987654 }))).toEqual([
      ['eventId', 'event_unknown'],
    ]);
    expect(fieldsOf(await t.admin.post('/api/v1/tasks', { title: 'x', projectId: 987654 }))).toEqual([
      ['projectId', 'project_unknown'],
    ]);

    // The client's and the project's timelines show the tasks; status code and Russian name.
    await t.admin.post(`/api/v1/tasks/${task.id}/status`, { statusId: statuses.in_progress!.id });
    const timeline = await t.admin.get(`/api/v1/clients/${client.id}/timeline?kinds=task`);
    expect(timeline.statusCode, timeline.body).toBe(200);
    expect(timeline.json().items.map((x: { docId: number }) => x.docId)).toEqual([inProject.id, task.id]);
    expect(timeline.json().items[1]).toMatchObject({
      kind: 'task',
      docType: 'task',
      number: task.number,
      title: 'Перезвонить по итогам',
      status: 'in_progress',
      subtitle: 'В работе',
    });
    const projectTimeline = await t.admin.get(`/api/v1/projects/${project.json().id}/timeline?kinds=task`);
    expect(projectTimeline.json().items).toHaveLength(3);
    expect((await list(`clientId=${client.id}`)).map((x) => x.id).sort()).toEqual(
      [task.id, inProject.id].sort(),
    );

    // Links are recorded in the history with their numbers and names.
    await t.admin.patch(`/api/v1/tasks/${inProject.id}`, { projectId: null });
    const linkHistory = (await t.admin.get(`/api/v1/tasks/${inProject.id}/history`)).json().items;
    expect(linkHistory[0]).toMatchObject({
      field: 'projectId',
      oldValue: { id: project.json().id, name: `${project.json().number} Внедрение` },
      newValue: null,
    });

    // Merging another client into this one brings its tasks along.
    const other = (await t.admin.post('/api/v1/clients', { name: 'ООО «Ромашка-2»' })).json<{ id: number }>();
    const ofOther = await create({ title: 'Задача второго', clientId: other.id });
    const merged = await t.admin.post(`/api/v1/clients/${client.id}/merge`, { sourceId: other.id });
    expect(merged.statusCode, merged.body).toBe(200);
    expect((await t.admin.get(`/api/v1/tasks/${ofOther.id}`)).json().clientId).toBe(client.id);
    const movedHistory = (await t.admin.get(`/api/v1/tasks/${ofOther.id}/history`)).json().items;
    expect(movedHistory[0]).toMatchObject({
      action: 'update',
      field: 'clientId',
      oldValue: { id: other.id, name: 'ООО «Ромашка-2»' },
      newValue: { id: client.id, name: 'ООО «Ромашка»' },
      userId: adminId,
    });
  });

  it('takes a client from the event or project only when usable and keeps external projects to theirs', async () => {
    const newClient = async (name: string) =>
      (await t.admin.post('/api/v1/clients', { name })).json<{ id: number }>().id;
    const newProject = async (name: string, clientId: number | null) => {
      const res = await t.admin.post('/api/v1/projects', {
        name,
        kind: clientId === null ? 'internal' : 'external',
        clientId,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ id: number; number: string }>();
    };
    const types = (await t.admin.get('/api/v1/settings/event-types')).json<{ id: number; code: string }[]>();
    const newEvent = async (clientId: number) => {
      const res = await t.admin.post('/api/v1/events', {
        typeId: types.find((x) => x.code === 'outgoing_call')!.id,
        subject: 'Звонок',
        startsAt: at(-1),
        clientId,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ id: number }>().id;
    };

    // A client deleted after its event or project was made is not taken over by a new task.
    const gone = await newClient('ТОВ «Ліквідоване»');
    const goneEvent = await newEvent(gone);
    const goneProject = await newProject('Закрытый проект', gone);
    expect((await t.admin.delete(`/api/v1/clients/${gone}`)).statusCode).toBe(200);
    const viaEvent = await t.admin.post('/api/v1/tasks', { title: 'От события', eventId: goneEvent });
    expect(viaEvent.statusCode).toBe(400);
    expect(fieldsOf(viaEvent)).toEqual([['clientId', 'client_deleted']]);
    const viaProject = await t.admin.post('/api/v1/tasks', {
      title: 'По проекту',
      projectId: goneProject.id,
    });
    expect(fieldsOf(viaProject)).toEqual([['clientId', 'client_deleted']]);
    const withoutClient = await create({
      title: 'От события без клиента',
      eventId: goneEvent,
      clientId: null,
    });
    expect(withoutClient.clientId).toBeNull();
    const later = await create({ title: 'Событие позже' });
    const linked = await t.admin.patch(`/api/v1/tasks/${later.id}`, { eventId: goneEvent });
    expect(fieldsOf(linked)).toEqual([['clientId', 'client_deleted']]);

    // An external project takes only its own client, chosen or taken from the event.
    const own = await newClient('ООО «Свой»');
    const stranger = await newClient('ООО «Чужой»');
    const external = await newProject('Внешний', own);
    const mixed = await t.admin.post('/api/v1/tasks', {
      title: 'Чужой клиент',
      projectId: external.id,
      clientId: stranger,
    });
    expect(mixed.statusCode).toBe(400);
    expect(fieldsOf(mixed)).toEqual([['projectId', 'task_project_other_client']]);
    expect(mixed.json().error.details.fields[0].message).toBe(
      `Проект ${external.number} ведётся для другого клиента`,
    );
    const fromEvent = await t.admin.post('/api/v1/tasks', {
      title: 'Событие чужого',
      eventId: await newEvent(stranger),
      projectId: external.id,
    });
    expect(fieldsOf(fromEvent)).toEqual([['projectId', 'task_project_other_client']]);

    const task = await create({ title: 'По внешнему', projectId: external.id });
    expect(task.clientId).toBe(own);
    const url = `/api/v1/tasks/${task.id}`;
    expect(fieldsOf(await t.admin.patch(url, { clientId: stranger }))).toEqual([
      ['clientId', 'task_project_other_client'],
    ]);
    expect((await t.admin.patch(url, { clientId: null })).json().clientId).toBeNull();
    expect((await t.admin.patch(url, { clientId: own })).json().clientId).toBe(own);
    const leftProject = await t.admin.patch(url, { clientId: stranger, projectId: null });
    expect(leftProject.statusCode, leftProject.body).toBe(200);
    expect(leftProject.json()).toMatchObject({ clientId: stranger, projectId: null });

    // An internal project has no client and takes any.
    const internal = await newProject('Внутренний', null);
    const anyClient = await create({
      title: 'Внутренний с клиентом',
      projectId: internal.id,
      clientId: stranger,
    });
    expect(anyClient).toMatchObject({ projectId: internal.id, clientId: stranger });
  });

  it('exports the filtered list', async () => {
    await create({ title: 'Экспорт; с «кавычками»', performerId: ivanId, priority: 'high' });
    const csv = await t.admin.get(`/api/v1/tasks/export?format=csv&q=${encodeURIComponent('экспорт')}`);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toContain('Номер;Задача;Статус;Приоритет');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('"Экспорт; с «кавычками»"');
    expect(lines[1]).toContain('Высокий');
    expect(lines[1]).toContain('Іван Коваль');
    const xlsx = await t.admin.get('/api/v1/tasks/export?format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('answers the calendar and the project progress', async () => {
    const from = at(100);
    const mid = await create({ title: 'Календарь', deadline: at(101), controllerId: ivanId });
    await create({ title: 'Календарь чужой', deadline: at(102), performerId: olgaId });
    const ivans = await t.services.tasks.deadlinesBetween(ivanId, from, at(110), SYSTEM_VIEWER);
    expect(ivans.map((x) => x.id)).toEqual([mid.id]);
    expect(ivans[0]).toMatchObject({ isFinal: false, isOverdue: false, title: 'Календарь' });
    expect(await t.services.tasks.deadlinesBetween(null, from, at(110), SYSTEM_VIEWER)).toHaveLength(2);
    // Capped to the earliest `limit`.
    expect(
      (await t.services.tasks.deadlinesBetween(null, from, at(110), SYSTEM_VIEWER, 1)).map((x) => x.id),
    ).toEqual([mid.id]);

    const project = (await t.admin.post('/api/v1/projects', { name: 'Внутренний', kind: 'internal' })).json<{
      id: number;
    }>();
    const one = await create({ title: 'Прогресс 1', projectId: project.id });
    await create({ title: 'Прогресс 2', projectId: project.id });
    await t.admin.post(`/api/v1/tasks/${one.id}/status`, { statusId: statuses.closed!.id });
    const progress = await t.services.tasks.progressByProject([project.id, 987654], SYSTEM_VIEWER);
    expect(progress.get(project.id)).toEqual({ total: 2, done: 1 });
    expect(progress.get(987654)).toEqual({ total: 0, done: 0 });
    // Someone who sees the project but only one of its tasks counts only that one.
    const nadiaId = (
      await t.services.users.create({
        login: 'nadia',
        fullName: 'Надія',
        password: 'nadia-pass-1',
        roleIds: [],
      })
    ).id;
    await t.admin.patch(`/api/v1/projects/${project.id}`, { participantIds: [nadiaId] });
    await t.admin.post(`/api/v1/tasks`, {
      title: 'Прогресс Надії',
      projectId: project.id,
      controllerId: nadiaId,
    });
    const nadia = await t.login('nadia', 'nadia-pass-1');
    const card = await nadia.get(`/api/v1/projects/${project.id}`);
    expect(card.statusCode).toBe(200);
    expect(card.json().progress).toMatchObject({ total: 1, done: 0 });
  });
});
