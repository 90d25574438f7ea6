import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client as HttpClient, type TestApp } from '../support/app.js';
import { childJournal, grantAccess, rightlessUser } from '../support/access.js';

const DAY = 86_400_000;
const at = (days: number, hour = 9) => {
  const d = new Date(Date.now() + days * DAY);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};

/**
 * Доступ к данным in the calendar and the ICS feed: both show only the events and task deadlines
 * the user may read (the feed: its owner, with the rights they have when it is fetched).
 */
describe('calendar access', () => {
  let t: TestApp;
  let adminId: number;
  let typeId: number;
  const j = {} as Record<'events' | 'visits' | 'tasks' | 'sales', number>;

  const user = (login: string, fullName: string) => rightlessUser(t, login, fullName);
  const grant = (userId: number, body: Record<string, unknown>) => grantAccess(t, userId, body);
  const newEvent = async (subject: string, extra: Record<string, unknown>) => {
    const res = await t.admin.post('/api/v1/events', { typeId, subject, startsAt: at(2), ...extra });
    expect(res.statusCode, res.body).toBe(201);
  };
  const newTask = async (title: string, extra: Record<string, unknown>) => {
    const res = await t.admin.post('/api/v1/tasks', { title, deadline: at(3), ...extra });
    expect(res.statusCode, res.body).toBe(201);
  };
  /** Titles in the calendar `as` sees for `whose` over the next week. */
  const calendar = async (as: HttpClient, whose: string) => {
    const res = await as.get(`/api/v1/calendar?from=${at(0, 0)}&to=${at(7, 0)}&userId=${whose}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: { title: string }[] }).items.map((i) => i.title).sort();
  };

  beforeAll(async () => {
    t = await createTestApp();
    adminId = (await t.admin.get('/api/v1/me')).json().id;
    typeId = ((await t.admin.get('/api/v1/settings/event-types')).json() as { id: number }[])[0]!.id;
    const all = (await t.admin.get('/api/v1/settings/journals')).json() as { id: number; code: string }[];
    j.events = all.find((x) => x.code === 'events')!.id;
    j.tasks = all.find((x) => x.code === 'tasks')!.id;
    const journal = (code: string, parentId: number) => childJournal(t, code, parentId);
    j.visits = await journal('visits', j.events);
    j.sales = await journal('sales', j.tasks);
  });
  afterAll(() => t.close());

  it('shows the events and deadlines a user may read, whoever’s calendar they look at', async () => {
    const vera = await user('vera', 'Вера');
    await newEvent('Встреча Веры', { journalId: j.events, performerId: null, participantIds: [vera.id] });
    await newEvent('Визит админа', { journalId: j.visits, performerId: adminId });
    await newEvent('Встреча админа', { journalId: j.events, performerId: adminId });
    await newTask('Срок Веры', { journalId: j.tasks, authorId: vera.id, controllerId: vera.id });
    await newTask('Срок админа в продажах', { journalId: j.sales, performerId: adminId });
    await newTask('Срок админа', { journalId: j.tasks, performerId: adminId });

    // No rights: only what she is named on.
    expect(await calendar(vera.client, 'all')).toEqual(['Встреча Веры', 'Срок Веры']);
    expect(await calendar(vera.client, String(adminId))).toEqual([]);
    expect(await calendar(t.admin, String(adminId))).toHaveLength(4);

    await grant(vera.id, {
      permissions: { events: { read: 'all' }, tasks: { read: 'all' } },
      journals: [
        { journalId: j.visits, mode: 'read' },
        { journalId: j.sales, mode: 'read' },
      ],
    });
    expect(await calendar(vera.client, String(adminId))).toEqual(['Визит админа', 'Срок админа в продажах']);
    expect(await calendar(vera.client, 'all')).toEqual([
      'Визит админа',
      'Встреча Веры',
      'Срок Веры',
      'Срок админа в продажах',
    ]);
  });

  it('the ICS feed is read with its owner’s rights, not with none', async () => {
    // No rights at all: his feed still holds what he is named on (the fetch itself is anonymous).
    const ivan = await user('ivan', 'Иван');
    await newEvent('ICS участник', { journalId: j.visits, participantIds: [ivan.id] });
    await newEvent('ICS чужое', { journalId: j.visits, performerId: adminId });
    await newTask('ICS срок', { journalId: j.sales, controllerId: ivan.id });

    const created = await ivan.client.post('/api/v1/calendar/feed');
    expect(created.statusCode, created.body).toBe(200);
    const path = new URL((created.json() as { url: string }).url).pathname;
    const res = await t.anonymous.get(path);
    expect(res.statusCode, res.body).toBe(200);
    const summaries = res.body
      .replace(/\r\n /g, '')
      .split('\r\n')
      .filter((l) => l.startsWith('SUMMARY:'));
    expect(summaries).toHaveLength(2);
    expect(summaries.join('\n')).toContain('ICS участник');
    expect(summaries.join('\n')).toContain('ICS срок');
  });
});
