import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import { fieldProblem, notFound } from '../../http/errors.js';
import { randomToken, sha256 } from '../../security/tokens.js';
import type { CalendarFeedStatus, CalendarItem } from '../../../shared/schemas/calendar.js';
import { format } from '../../http/messages.js';
import { serializeCalendar, type IcsEvent } from './ics.js';
import { calendarTexts } from './calendar.messages.js';
import type { Viewer } from '../access/viewer.js';

const DAY = 86_400_000;
/** The longest period one calendar request may ask for (a year view and some margin). */
export const CALENDAR_MAX_DAYS = 400;
/** What the ICS feed covers around today. */
const FEED_DAYS_BACK = 30;
const FEED_DAYS_AHEAD = 365;
/**
 * At most this many events and this many task deadlines per request (each query stays cheap
 * whatever the period and whoever asks); more are cut from the end and the answer says so.
 */
export const CALENDAR_MAX_ITEMS = 2000;

/** Calendar of events and task deadlines; per-user ICS feed. */
export class CalendarService {
  private readonly db: Kysely<DB>;
  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
  }

  /**
   * Events overlapping [from, to) where the user is performer or participant, and deadlines in
   * [from, to) of tasks where the user is performer, author or controller (all when userId is
   * null), in time order; only those the viewer may read. `truncated` when there were more
   * events or deadlines than CALENDAR_MAX_ITEMS: the latest are left out.
   */
  async items(
    userId: number | null,
    from: string,
    to: string,
    viewer: Viewer,
  ): Promise<{ items: CalendarItem[]; truncated: boolean }> {
    const span = Date.parse(to) - Date.parse(from);
    if (span <= 0) throw fieldProblem('to', 'calendar_range_order');
    if (span > CALENDAR_MAX_DAYS * DAY) {
      throw fieldProblem('to', 'calendar_range_too_long', { days: CALENDAR_MAX_DAYS });
    }
    return this.collect(userId, from, to, viewer);
  }

  async feedStatus(userId: number): Promise<CalendarFeedStatus> {
    const row = await this.db
      .selectFrom('calendar_feeds')
      .select('created_at')
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return { exists: !!row, createdAt: row?.created_at ?? null };
  }

  /** Creates the user's secret, or replaces it (the old address stops working). Returns it once. */
  async createFeed(userId: number): Promise<{ token: string; createdAt: string }> {
    const token = randomToken();
    const createdAt = new Date().toISOString();
    const values = { token_hash: sha256(token), created_at: createdAt };
    await this.db
      .insertInto('calendar_feeds')
      .values({ user_id: userId, ...values })
      .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
      .execute();
    return { token, createdAt };
  }

  async revokeFeed(userId: number): Promise<void> {
    await this.db.deleteFrom('calendar_feeds').where('user_id', '=', userId).execute();
  }

  /**
   * The iCalendar text behind a secret: the owner's events and task deadlines from 30 days ago
   * to a year ahead, as far as the owner may read them now (rights taken away since the address
   * was made apply at once). An unknown secret, or one of a user switched off, is a plain 404.
   * `appUrl` is the web address documents are opened at.
   */
  async feed(token: string, appUrl: string, now = new Date()): Promise<string> {
    const row = await this.db
      .selectFrom('calendar_feeds')
      .select('user_id')
      .where('token_hash', '=', sha256(token))
      .executeTakeFirst();
    if (!row) throw notFound();
    const user = await this.services.users.get(row.user_id);
    if (!user.isActive) throw notFound();
    const texts = calendarTexts[user.locale];
    const from = new Date(now.getTime() - FEED_DAYS_BACK * DAY).toISOString();
    const to = new Date(now.getTime() + FEED_DAYS_AHEAD * DAY).toISOString();
    // A calendar program has no place for a "truncated" notice; the cap only guards the server.
    const viewer = await this.services.access.viewerOfUser(user.id);
    const { items } = await this.collect(user.id, from, to, viewer);
    const events: IcsEvent[] = items.map((item) =>
      item.kind === 'event'
        ? {
            uid: `event-${item.id}@kartoteka`,
            start: item.start,
            end: item.end,
            summary: `${item.number} ${item.title}`,
            url: `${appUrl}/events/${item.id}`,
            status: item.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
          }
        : {
            uid: `task-${item.id}@kartoteka`,
            start: item.start,
            summary: format(texts.deadline, { number: item.number, title: item.title }),
            url: `${appUrl}/tasks/${item.id}`,
            categories: [texts.taskCategory],
          },
    );
    return serializeCalendar({ name: format(texts.name, { user: user.fullName }), stamp: now, events });
  }

  private async collect(
    userId: number | null,
    from: string,
    to: string,
    viewer: Viewer,
  ): Promise<{ items: CalendarItem[]; truncated: boolean }> {
    // One row over the cap tells whether anything was left out.
    const [allEvents, allDeadlines] = await Promise.all([
      this.services.events.between(userId, from, to, viewer, CALENDAR_MAX_ITEMS + 1),
      this.services.tasks.deadlinesBetween(userId, from, to, viewer, CALENDAR_MAX_ITEMS + 1),
    ]);
    const truncated = allEvents.length > CALENDAR_MAX_ITEMS || allDeadlines.length > CALENDAR_MAX_ITEMS;
    const events = allEvents.slice(0, CALENDAR_MAX_ITEMS);
    const deadlines = allDeadlines.slice(0, CALENDAR_MAX_ITEMS);
    const items: CalendarItem[] = [
      ...events.map((e) => ({
        kind: 'event' as const,
        id: e.id,
        number: e.number,
        title: e.subject,
        start: e.startsAt,
        end: e.endsAt,
        status: e.status,
        isOverdue: false,
      })),
      ...deadlines.map((t) => ({
        kind: 'task' as const,
        id: t.id,
        number: t.number,
        title: t.title,
        start: t.deadline,
        end: t.deadline,
        status: t.isFinal ? 'final' : 'open',
        isOverdue: t.isOverdue,
      })),
    ];
    items.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    return { items, truncated };
  }
}
