import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app.js';
import { CALENDAR_MAX_ITEMS } from '../../src/server/modules/calendar/calendar.service.js';
import { CALENDAR_LONGEST_EVENT_DAYS } from '../../src/server/modules/events/events.service.js';

interface Item {
  kind: 'event' | 'task';
  id: number;
  number: string;
  title: string;
  start: string;
  end: string | null;
  status: string;
  isOverdue: boolean;
}

const DAY = 86_400_000;
const at = (days: number, hour = 9) => {
  const d = new Date(Date.now() + days * DAY);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};
/** Unfolded content lines of an iCalendar text. */
const icsLines = (text: string) => text.replace(/\r\n /g, '').split('\r\n');

describe('calendar and the ICS feed', () => {
  let t: TestApp;
  let manager: Client;
  let managerId: number;
  let adminId: number;
  let meetingTypeId: number;
  let doneStatusId: number;

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
    manager = await t.login('manager', 'manager-pass-1');
    const types = (await t.admin.get('/api/v1/settings/event-types')).json() as {
      id: number;
      code: string;
    }[];
    meetingTypeId = types.find((e) => e.code === 'meeting')!.id;
    const statuses = (await t.admin.get('/api/v1/settings/task-statuses')).json() as {
      id: number;
      code: string;
    }[];
    doneStatusId = statuses.find((s) => s.code === 'closed')!.id;
  });
  afterAll(() => t.close());

  const newEvent = async (subject: string, startsAt: string, extra: Record<string, unknown> = {}) => {
    const res = await t.admin.post('/api/v1/events', { typeId: meetingTypeId, subject, startsAt, ...extra });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number; number: string; endsAt: string | null };
  };
  const newTask = async (title: string, deadline: string, extra: Record<string, unknown> = {}) => {
    const res = await t.admin.post('/api/v1/tasks', { title, deadline, ...extra });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number; number: string };
  };

  it('lists the events and task deadlines of a user in a period', async () => {
    const own = await newEvent('Встреча менеджера', at(1), { performerId: managerId });
    const joined = await newEvent('Планёрка', at(2), { performerId: adminId, participantIds: [managerId] });
    // Started before the period and still running in it.
    const long = await newEvent('Выставка', at(-3), { performerId: managerId, endsAt: at(3) });
    // Longer than the calendar looks back for: shown only in periods near its start.
    const endless = await newEvent('Бессрочная вахта', at(-3 - CALENDAR_LONGEST_EVENT_DAYS), {
      performerId: managerId,
      endsAt: at(3),
    });
    const foreign = await newEvent('Чужая встреча', at(1), { performerId: adminId });
    await newEvent('Слишком рано', at(-10), { performerId: managerId });
    const task = await newTask('Подготовить отчёт', at(4), { performerId: managerId });
    const overdue = await newTask('Просроченная задача', at(-1), { controllerId: managerId });
    const closed = await newTask('Закрытая задача', at(-1, 10), { performerId: managerId });
    expect(
      (await t.admin.post(`/api/v1/tasks/${closed.id}/status`, { statusId: doneStatusId })).statusCode,
    ).toBe(200);
    await newTask('Чужая задача', at(4), { performerId: adminId, authorId: adminId });

    const from = encodeURIComponent(at(-2, 0));
    const to = encodeURIComponent(at(5, 0));
    const res = await manager.get(`/api/v1/calendar?from=${from}&to=${to}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().truncated).toBe(false);
    const items = res.json().items as Item[];
    expect(items.map((i) => `${i.kind}:${i.id}`)).toEqual([
      `event:${long.id}`,
      `task:${overdue.id}`,
      `task:${closed.id}`,
      `event:${own.id}`,
      `event:${joined.id}`,
      `task:${task.id}`,
    ]);
    expect(items.find((i) => i.id === own.id && i.kind === 'event')).toEqual({
      kind: 'event',
      id: own.id,
      number: own.number,
      title: 'Встреча менеджера',
      start: at(1),
      end: own.endsAt,
      status: 'planned',
      isOverdue: false,
    });
    expect(items.find((i) => i.kind === 'task' && i.id === overdue.id)).toMatchObject({
      start: at(-1),
      end: at(-1),
      status: 'open',
      isOverdue: true,
    });
    expect(items.find((i) => i.kind === 'task' && i.id === closed.id)).toMatchObject({
      status: 'final',
      isOverdue: false,
    });

    const nearStart = (
      await manager.get(
        `/api/v1/calendar?from=${encodeURIComponent(at(-40, 0))}&to=${encodeURIComponent(at(-30, 0))}`,
      )
    ).json().items as Item[];
    expect(nearStart.map((i) => i.id)).toEqual([endless.id]);

    // Someone else's calendar, and everyone's.
    const admins = (await manager.get(`/api/v1/calendar?from=${from}&to=${to}&userId=${adminId}`)).json()
      .items as Item[];
    expect(admins.some((i) => i.kind === 'event' && i.id === foreign.id)).toBe(true);
    expect(admins.some((i) => i.kind === 'event' && i.id === own.id)).toBe(false);
    const all = (await manager.get(`/api/v1/calendar?from=${from}&to=${to}&userId=all`)).json()
      .items as Item[];
    expect(all.filter((i) => i.kind === 'event')).toHaveLength(4);
    expect(all.filter((i) => i.kind === 'task')).toHaveLength(4);
  });

  it('caps the events of one answer and says the latest were left out', async () => {
    const journal = (await t.admin.get('/api/v1/settings/journals')).json() as { id: number; code: string }[];
    const journalId = journal.find((j) => j.code === 'events')!.id;
    const now = new Date().toISOString();
    // Far from the other tests' events; written directly, since thousands of POSTs take long.
    const start = Date.parse('2031-01-01T00:00:00Z');
    const rows = Array.from({ length: CALENDAR_MAX_ITEMS + 1 }, (_, i) => ({
      number: `CAP-${i}`,
      type_id: meetingTypeId,
      subject: `Поток ${i}`,
      starts_at: new Date(start + i * 60_000).toISOString(),
      ends_at: null,
      status: 'planned',
      journal_id: journalId,
      performer_id: adminId,
      created_at: now,
      updated_at: now,
    }));
    for (let i = 0; i < rows.length; i += 200) {
      await t.ctx.database.db
        .insertInto('events')
        .values(rows.slice(i, i + 200))
        .execute();
    }
    const calendar = async (from: string, to: string) => {
      const res = await t.admin.get(
        `/api/v1/calendar?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&userId=all`,
      );
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { items: Item[]; truncated: boolean };
    };
    const full = await calendar('2031-01-01T00:00:00Z', '2031-01-08T00:00:00Z');
    expect(full.truncated).toBe(true);
    expect(full.items).toHaveLength(CALENDAR_MAX_ITEMS);
    // The earliest are kept: the cut is at the end of the period.
    expect(full.items[0]!.title).toBe('Поток 0');
    expect(full.items.at(-1)!.title).toBe(`Поток ${CALENDAR_MAX_ITEMS - 1}`);
    // Exactly the cap is not truncated.
    const exact = await calendar('2031-01-01T00:01:00Z', '2031-01-08T00:00:00Z');
    expect(exact).toMatchObject({ truncated: false });
    expect(exact.items).toHaveLength(CALENDAR_MAX_ITEMS);
  });

  it('refuses a wrong period', async () => {
    const bad = async (query: string) => {
      const res = await t.admin.get(`/api/v1/calendar?${query}`);
      expect(res.statusCode).toBe(400);
      return res.json().error.details.fields[0];
    };
    expect(await bad('from=2025-03-01T00:00:00Z')).toMatchObject({ path: 'to' });
    expect(await bad('from=2025-03-01T00:00:00Z&to=2025-03-01T00:00:00Z')).toMatchObject({
      path: 'to',
      code: 'calendar_range_order',
    });
    expect(await bad('from=2025-01-01T00:00:00Z&to=2026-03-01T00:00:00Z')).toMatchObject({
      path: 'to',
      code: 'calendar_range_too_long',
      message: 'Период не длиннее 400 дней',
    });
    expect(await bad('from=2025-03-01T00:00:00Z&to=2025-04-01T00:00:00Z&userId=somebody')).toMatchObject({
      path: 'userId',
    });
    expect(
      (await t.anonymous.get('/api/v1/calendar?from=2025-03-01T00:00:00Z&to=2025-04-01T00:00:00Z'))
        .statusCode,
    ).toBe(401);
  });

  it('creates, serves, regenerates and revokes the secret ICS address', async () => {
    expect((await manager.get('/api/v1/calendar/feed')).json()).toEqual({ exists: false, createdAt: null });
    const soon = await newEvent('Звонок; «Ромашка», итоги', at(1, 12), { performerId: managerId });
    const cancelled = await newEvent('Отменённая встреча', at(2, 12), {
      performerId: managerId,
      status: 'cancelled',
    });
    const later = await newEvent('Через два года', at(800), { performerId: managerId });
    const deadline = await newTask('Сдать отчёт', at(3, 15), { performerId: managerId });

    const created = await manager.post('/api/v1/calendar/feed');
    expect(created.statusCode, created.body).toBe(200);
    const { url, createdAt } = created.json() as { url: string; createdAt: string };
    const path = new URL(url).pathname;
    expect(path).toMatch(/^\/api\/v1\/calendar\/feed\/[A-Za-z0-9_-]{40,}\.ics$/);
    const token = path.slice('/api/v1/calendar/feed/'.length, -'.ics'.length);
    expect((await manager.get('/api/v1/calendar/feed')).json()).toEqual({ exists: true, createdAt });
    // Only the hash of the secret is stored.
    const stored = await t.ctx.database.db.selectFrom('calendar_feeds').selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(token);

    // A calendar program fetches it without signing in.
    const feed = await t.anonymous.get(path);
    expect(feed.statusCode, feed.body).toBe(200);
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(feed.body.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(feed.body.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(feed.body.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of feed.body.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const lines = icsLines(feed.body);
    expect(lines).toContain('X-WR-CALNAME:Картотека — Менеджер Мария');
    expect(lines).toContain(`UID:event-${soon.id}@kartoteka`);
    expect(lines).toContain(`SUMMARY:${soon.number} Звонок\\; «Ромашка»\\, итоги`);
    const stamp = (iso: string) => `${iso.slice(0, 19).replace(/[-:]/g, '')}Z`;
    expect(lines).toContain(`DTSTART:${stamp(at(1, 12))}`);
    expect(lines).toContain(`DTEND:${stamp(soon.endsAt!)}`);
    expect(lines.some((l) => /^DTSTAMP:\d{8}T\d{6}Z$/.test(l))).toBe(true);
    expect(lines).toContain(`UID:task-${deadline.id}@kartoteka`);
    expect(lines).toContain(`SUMMARY:Срок: ${deadline.number} Сдать отчёт`);
    expect(lines).toContain(`DTSTART:${stamp(at(3, 15))}`);
    const cancelledAt = lines.indexOf(`UID:event-${cancelled.id}@kartoteka`);
    expect(lines.slice(cancelledAt, lines.indexOf('END:VEVENT', cancelledAt))).toContain('STATUS:CANCELLED');
    // Only a year ahead.
    expect(lines).not.toContain(`UID:event-${later.id}@kartoteka`);
    // Nothing of other users.
    expect(feed.body).not.toContain('Чужая');

    // Regenerating replaces the secret: the old address stops working.
    const again = (await manager.post('/api/v1/calendar/feed')).json() as { url: string };
    const newPath = new URL(again.url).pathname;
    expect(newPath).not.toBe(path);
    const old = await t.anonymous.get(path);
    expect(old.statusCode).toBe(404);
    expect(old.json().error).toMatchObject({ code: 'not_found', details: null });
    expect((await t.anonymous.get(newPath)).statusCode).toBe(200);
    expect(await t.ctx.database.db.selectFrom('calendar_feeds').selectAll().execute()).toHaveLength(1);

    // Another user's feed is theirs alone.
    const adminFeed = (await t.admin.post('/api/v1/calendar/feed')).json() as { url: string };
    const adminLines = icsLines((await t.anonymous.get(new URL(adminFeed.url).pathname)).body);
    expect(adminLines).not.toContain(`UID:event-${soon.id}@kartoteka`);

    expect((await manager.delete('/api/v1/calendar/feed')).statusCode).toBe(200);
    expect((await t.anonymous.get(newPath)).statusCode).toBe(404);
    expect((await manager.get('/api/v1/calendar/feed')).json()).toEqual({ exists: false, createdAt: null });
    expect((await t.anonymous.get(new URL(adminFeed.url).pathname)).statusCode).toBe(200);

    expect((await t.anonymous.get('/api/v1/calendar/feed/not-a-token.ics')).statusCode).toBe(404);
    expect((await t.anonymous.get('/api/v1/calendar/feed')).statusCode).toBe(401);
    expect((await t.anonymous.post('/api/v1/calendar/feed')).statusCode).toBe(401);
  });

  it('stops serving the feed of a user switched off', async () => {
    const user = await t.services.users.create({
      login: 'leaver',
      fullName: 'Уходящий',
      password: 'leaver-pass-1',
    });
    const client = await t.login('leaver', 'leaver-pass-1');
    const { url } = (await client.post('/api/v1/calendar/feed')).json() as { url: string };
    expect((await t.anonymous.get(new URL(url).pathname)).statusCode).toBe(200);
    await t.services.users.update(user.id, { isActive: false });
    expect((await t.anonymous.get(new URL(url).pathname)).statusCode).toBe(404);
  });
});
