import type { Kysely, Transaction } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import type { Services } from '../../services.js';
import type { Notification } from '../../../shared/schemas/notifications.js';
import type { SystemLetter } from '../mail/system-letters.service.js';
import { zoneOffset } from '../../time/zone-offset.js';
import { documentPath, fillText, LETTER_TEXTS } from './notification-texts.js';
import { renderBase, renderRow } from './notification-render.js';
import type { UserDeliveryInfo } from '../auth/users.service.js';
import { userSettingsOf, type UserEmailSettings } from './notification-recipients.js';

const POLL_MS = 5_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Users handled per run; the rest wait for the next one, a few seconds later. */
const USERS_PER_RUN = 500;
/** Single letters per user per run, so one user's backlog does not hold up everyone else. */
const LETTERS_PER_USER = 100;
/** Notifications listed in a digest; the rest are counted. */
const DIGEST_LISTED = 50;

const DEFAULT_SETTINGS: UserEmailSettings = { emailMode: 'each', digestHour: 9 };

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The instant the zone's wall clock shows `wall`, the offset taken again at the first guess as DST may move it. */
function instantOfWall(wall: number, timeZone: string): number {
  const guess = wall - zoneOffset(wall, timeZone);
  return wall - zoneOffset(guess, timeZone);
}

/** The latest daily digest moment at or before `now`: when the zone's wall clock last showed `hour`. */
export function dailyMoment(now: number, hour: number, timeZone: string): number {
  const today = Math.floor((now + zoneOffset(now, timeZone)) / DAY) * DAY + hour * HOUR;
  const moment = instantOfWall(today, timeZone);
  return moment <= now ? moment : instantOfWall(today - DAY, timeZone);
}

/** The latest hourly digest moment at or before `now`: the last full hour of the zone's wall clock. */
export function hourlyMoment(now: number, timeZone: string): number {
  return now - ((now + zoneOffset(now, timeZone)) % HOUR);
}

/** Digest moments as ISO strings: the hourly one and the daily one of each hour (by index). */
interface Moments {
  hourly: string;
  daily: string[];
}

/** The moments in force at `now`: every process works them out alike, which the claim of a moment relies on. */
function momentsAt(now: number, timeZone: string): Moments {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    hourly: iso(hourlyMoment(now, timeZone)),
    daily: Array.from({ length: 24 }, (_, hour) => iso(dailyMoment(now, hour, timeZone))),
  };
}

/** The moment a digest user's pending notifications are gathered up to; null: each goes alone. */
function momentOf(settings: UserEmailSettings, moments: Moments): string | null {
  if (settings.emailMode === 'hourly') return moments.hourly;
  if (settings.emailMode === 'daily') return moments.daily[settings.digestHour]!;
  return null;
}

/**
 * The e-mail channel of notifications: pending ones become letters of the system sender, one per
 * notification or a digest per the user's mode. A run claims a user's rows with a conditional
 * update in the transaction that queues their letters, so two processes never send one twice and
 * a failed run leaves them pending. While the system sender is not set up they wait (the rules
 * page says so).
 *
 * A digest goes at its moment (the user's hour of the enterprise's clock, or each full hour) with
 * what came before it. The moment is claimed in notification_user_settings.last_digest_at first,
 * even when nothing came, so a notification after a quiet moment waits for the next one and two
 * processes never send two digests for one moment. Users whose digest is not due are left out of
 * a run, so they never hold up those who get each notification.
 */
export class NotificationEmailJob {
  private readonly db: Kysely<DB>;
  private log: FastifyBaseLogger | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = true;

  constructor(
    private readonly ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
  }

  useLogger(log: FastifyBaseLogger): void {
    this.log = log;
  }

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .catch((err: unknown) => this.log?.error({ err }, 'notification e-mail run failed'))
        .finally(() => {
          this.running = null;
          this.schedule();
        });
    }, POLL_MS);
  }

  /** One pass over the pending notifications; answers how many letters were queued. */
  async runOnce(now: Date = new Date(), usersPerRun = USERS_PER_RUN): Promise<number> {
    if (!(await this.services.systemLetters.ready())) return 0;
    const timeZone = await this.services.enterprise.timeZone(this.db);
    const moments = momentsAt(now.getTime(), timeZone);
    const pending = await this.db
      .selectFrom('notifications as n')
      .leftJoin('notification_user_settings as s', 's.user_id', 'n.user_id')
      .select('n.user_id')
      .distinct()
      .where('n.email_state', '=', 'pending')
      .where((eb) => {
        const before = (at: string) =>
          eb.or([eb('s.last_digest_at', 'is', null), eb('s.last_digest_at', '<', at)]);
        return eb.or([
          eb('s.email_mode', 'is', null),
          eb('s.email_mode', '=', 'each'),
          eb.and([eb('s.email_mode', '=', 'hourly'), before(moments.hourly)]),
          eb.and([
            eb('s.email_mode', '=', 'daily'),
            eb.or(moments.daily.map((at, hour) => eb.and([eb('s.digest_hour', '=', hour), before(at)]))),
          ]),
        ]);
      })
      .orderBy('n.user_id')
      .limit(usersPerRun)
      .execute();
    if (!pending.length) return 0;
    const userIds = pending.map((p) => p.user_id);
    const [recipients, settings] = await Promise.all([
      this.services.users.deliveryInfoByIds(this.db, userIds),
      userSettingsOf(this.db, userIds),
    ]);
    let letters = 0;
    for (const userId of userIds) {
      const recipient = recipients.get(userId);
      if (!recipient?.isActive || !recipient.email) {
        // Deactivated, or the address was removed since: these can never be sent.
        await this.db
          .updateTable('notifications')
          .set({ email_state: 'skipped' })
          .where('user_id', '=', userId)
          .where('email_state', '=', 'pending')
          .execute();
        continue;
      }
      const moment = momentOf(settings.get(userId) ?? DEFAULT_SETTINGS, moments);
      letters += await this.sendFor(recipient as UserDeliveryInfo & { email: string }, moment);
    }
    return letters;
  }

  /** Queues a user's letters: each pending notification alone, or (given its moment) their digest. */
  private async sendFor(
    recipient: UserDeliveryInfo & { email: string },
    moment: string | null,
  ): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      if (moment !== null && !(await this.claimMoment(trx, recipient.id, moment))) return 0;
      let claim = trx
        .updateTable('notifications')
        .set({ email_state: 'queued' })
        .where('user_id', '=', recipient.id)
        .where('email_state', '=', 'pending');
      if (moment !== null) claim = claim.where('created_at', '<', moment);
      else {
        claim = claim.where('id', 'in', (eb) =>
          eb
            .selectFrom('notifications')
            .select('id')
            .where('user_id', '=', recipient.id)
            .where('email_state', '=', 'pending')
            .orderBy('id')
            .limit(LETTERS_PER_USER),
        );
      }
      const rows = (await claim.returningAll().execute()).sort((a, b) => a.id - b.id);
      if (!rows.length) return 0;
      // A digest lists only the newest ones: the rest are not worth rendering.
      const shown = moment === null ? rows : rows.slice(-DIGEST_LISTED);
      const base = await renderBase(trx, this.services, shown);
      const items = shown.map((r) => renderRow(r, recipient.locale, base));
      const letters =
        moment === null
          ? items.map((n) => this.letter(recipient, n))
          : [this.digest(recipient, items, rows.length)];
      await this.services.systemLetters.queueWithin(trx, letters);
      return letters.length;
    });
  }

  /**
   * Takes the user's digest moment unless it (or a later one) was already taken: the row is
   * locked until the transaction ends, so a second process finds it taken.
   */
  private async claimMoment(trx: Transaction<DB>, userId: number, moment: string): Promise<boolean> {
    const result = await trx
      .updateTable('notification_user_settings')
      .set({ last_digest_at: moment })
      .where('user_id', '=', userId)
      .where((eb) => eb.or([eb('last_digest_at', 'is', null), eb('last_digest_at', '<', moment)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  private link(n: Notification): string {
    return `${this.ctx.config.publicUrl}${documentPath(n.docType, n.docId)}`;
  }

  private footer(recipient: UserDeliveryInfo): string {
    return fillText(LETTER_TEXTS.footer[recipient.locale], { url: `${this.ctx.config.publicUrl}/profile` });
  }

  private letter(recipient: UserDeliveryInfo & { email: string }, n: Notification): SystemLetter {
    const l = recipient.locale;
    const url = this.link(n);
    const footer = this.footer(recipient);
    return {
      toAddress: recipient.email,
      toName: recipient.name,
      subject: n.title,
      text: `${n.title}\n${n.text}\n\n${LETTER_TEXTS.open[l]}: ${url}\n\n-- \n${footer}\n`,
      html:
        `<p><strong>${escapeHtml(n.title)}</strong><br>${escapeHtml(n.text)}</p>` +
        `<p><a href="${escapeHtml(url)}">${escapeHtml(LETTER_TEXTS.open[l])}</a></p>` +
        `<p style="color:#888">${escapeHtml(footer)}</p>`,
    };
  }

  /** `items`: the newest notifications, oldest first; `total`: how many the digest is of. */
  private digest(
    recipient: UserDeliveryInfo & { email: string },
    items: Notification[],
    total: number,
  ): SystemLetter {
    const l = recipient.locale;
    // Newest first, as the bell lists them.
    const listed = [...items].reverse();
    const rest = total - listed.length;
    const more = rest > 0 ? fillText(LETTER_TEXTS.more[l], { count: String(rest) }) : '';
    const footer = this.footer(recipient);
    const text = listed.map((n) => `${n.title}\n${n.text}\n${this.link(n)}`).join('\n\n');
    const html = listed
      .map(
        (n) =>
          `<li><a href="${escapeHtml(this.link(n))}">${escapeHtml(n.title)}</a><br>${escapeHtml(n.text)}</li>`,
      )
      .join('');
    return {
      toAddress: recipient.email,
      toName: recipient.name,
      subject: fillText(LETTER_TEXTS.digestSubject[l], { count: String(total) }),
      text: `${text}${more ? `\n\n${more}` : ''}\n\n-- \n${footer}\n`,
      html:
        `<ul>${html}</ul>${more ? `<p>${escapeHtml(more)}</p>` : ''}` +
        `<p style="color:#888">${escapeHtml(footer)}</p>`,
    };
  }
}
