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

const DEFAULT_SETTINGS: UserEmailSettings = { emailMode: 'each', digestHour: 9, lastDigestAt: null };

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The moment of today's digest (the enterprise's wall clock at `hour`), taking the offset again
 * at the first guess, as DST may move it.
 */
function digestMoment(now: number, hour: number, timeZone: string): number {
  const local = now + zoneOffset(now, timeZone);
  const wall = Math.floor(local / DAY) * DAY + hour * HOUR;
  const guess = wall - zoneOffset(wall, timeZone);
  return wall - zoneOffset(guess, timeZone);
}

/** Whether a user's pending notifications go out now, by their mode. */
export function digestDue(settings: UserEmailSettings, now: number, timeZone: string): boolean {
  const last = settings.lastDigestAt ? Date.parse(settings.lastDigestAt) : null;
  if (settings.emailMode === 'each') return true;
  if (settings.emailMode === 'hourly') return last === null || now - last >= HOUR;
  const moment = digestMoment(now, settings.digestHour, timeZone);
  return now >= moment && (last === null || last < moment);
}

/**
 * The e-mail channel of notifications: pending ones become letters of the system sender, one per
 * notification or a digest per the user's mode. A run claims a user's rows with a conditional
 * update in the transaction that queues their letters, so two processes never send one twice and
 * a failed run leaves them pending. While the system sender is not set up they wait (the rules
 * page says so).
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
  async runOnce(now: Date = new Date()): Promise<number> {
    if (!(await this.services.systemLetters.ready())) return 0;
    const pending = await this.db
      .selectFrom('notifications')
      .select('user_id')
      .distinct()
      .where('email_state', '=', 'pending')
      .orderBy('user_id')
      .limit(USERS_PER_RUN)
      .execute();
    if (!pending.length) return 0;
    const userIds = pending.map((p) => p.user_id);
    const [recipients, settings, timeZone] = await Promise.all([
      this.services.users.deliveryInfoByIds(this.db, userIds),
      userSettingsOf(this.db, userIds),
      this.services.enterprise.timeZone(this.db),
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
      const mine = settings.get(userId) ?? DEFAULT_SETTINGS;
      if (!digestDue(mine, now.getTime(), timeZone)) continue;
      letters += await this.sendFor(recipient as UserDeliveryInfo & { email: string }, mine, now);
    }
    return letters;
  }

  private async sendFor(
    recipient: UserDeliveryInfo & { email: string },
    settings: UserEmailSettings,
    now: Date,
  ): Promise<number> {
    const single = settings.emailMode === 'each';
    return this.db.transaction().execute(async (trx) => {
      let claim = trx
        .updateTable('notifications')
        .set({ email_state: 'queued' })
        .where('user_id', '=', recipient.id)
        .where('email_state', '=', 'pending');
      if (single) {
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
      const base = await renderBase(trx, this.services, rows);
      const items = rows.map((r) => renderRow(r, recipient.locale, base));
      const letters = single ? items.map((n) => this.letter(recipient, n)) : [this.digest(recipient, items)];
      await this.services.systemLetters.queueWithin(trx, letters);
      if (!single) await this.markDigest(trx, recipient.id, now);
      return letters.length;
    });
  }

  private async markDigest(trx: Transaction<DB>, userId: number, now: Date): Promise<void> {
    const at = now.toISOString();
    await trx
      .insertInto('notification_user_settings')
      .values({ user_id: userId, last_digest_at: at, updated_at: at })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ last_digest_at: at }))
      .execute();
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

  private digest(recipient: UserDeliveryInfo & { email: string }, items: Notification[]): SystemLetter {
    const l = recipient.locale;
    // Newest first, as the bell lists them.
    const listed = [...items].reverse().slice(0, DIGEST_LISTED);
    const rest = items.length - listed.length;
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
      subject: fillText(LETTER_TEXTS.digestSubject[l], { count: String(items.length) }),
      text: `${text}${more ? `\n\n${more}` : ''}\n\n-- \n${footer}\n`,
      html:
        `<ul>${html}</ul>${more ? `<p>${escapeHtml(more)}</p>` : ''}` +
        `<p style="color:#888">${escapeHtml(footer)}</p>`,
    };
  }
}
