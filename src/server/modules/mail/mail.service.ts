import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB, MailMessagesTable } from '../../db/schema.js';
import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import { AppError, notFound } from '../../http/errors.js';
import { afterCursor, cutPage } from '../../db/keyset.js';
import type {
  MailAddress,
  MailListItem,
  MailListQuery,
  MailMessage,
  MailPage,
  MailStatus,
} from '../../../shared/schemas/mail.js';
import type { Viewer } from '../access/viewer.js';

type Row = Omit<Selectable<MailMessagesTable>, 'text_body' | 'html_body'>;
type ListRow = Row & {
  event_number: string;
  client_id: number | null;
  contact_id: number | null;
  snippet: string;
};

/** Every column but the bodies: lists read a snippet only. */
const LIST_COLUMNS = [
  'm.id',
  'm.message_id',
  'm.direction',
  'm.event_id',
  'm.task_id',
  'm.thread_id',
  'm.in_reply_to',
  'm.references_ids',
  'm.from_address',
  'm.from_name',
  'm.to_list',
  'm.cc_list',
  'm.bcc_list',
  'm.subject',
  'm.sent_at',
  'm.size',
  'm.note',
  'm.status',
  'm.attempts',
  'm.next_attempt_at',
  'm.last_error',
  'm.smtp_response',
  'm.sent_by',
  'm.sender_employee_id',
  'm.is_remote_images',
  'm.is_unsorted',
  'm.created_at',
  'm.updated_at',
] as const;

const SNIPPET_CHARS = 200;
const MB = 1024 * 1024;
/** Inline images put into a letter's HTML document: each up to this size… */
const INLINE_IMAGE_BYTES = 2 * MB;
/** …and this much in all (every reference counted). */
const INLINE_TOTAL_BYTES = 10 * MB;
/** Image types that go into a data: URL as they are (a type/subtype token, nothing to escape). */
const IMAGE_TYPE = /^image\/[a-z0-9][a-z0-9.+-]*$/;

/**
 * Letters as the cards show them: lists by client, project, task or event, one letter, its HTML
 * and attachments, its conversation, «Неразобранные». A letter is visible exactly when its
 * event is (the events access condition on the joined event).
 */
export class MailService {
  private readonly db: Kysely<DB>;
  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
  }

  /** Letters of a client, project, task or event (the one given must be readable), newest first. */
  async list(query: MailListQuery, viewer: Viewer): Promise<MailPage> {
    const access = this.services.access;
    if (query.clientId) await access.assertCan(viewer, 'clients', 'read', query.clientId);
    if (query.projectId) await access.assertCan(viewer, 'projects', 'read', query.projectId);
    if (query.taskId) await access.assertCan(viewer, 'tasks', 'read', query.taskId);
    if (query.eventId) await access.assertCan(viewer, 'events', 'read', query.eventId);
    let q = this.visible(viewer);
    if (query.clientId) q = q.where('e.client_id', '=', query.clientId);
    if (query.projectId) q = q.where('e.project_id', '=', query.projectId);
    if (query.taskId) q = q.where('m.task_id', '=', query.taskId);
    if (query.eventId) q = q.where('m.event_id', '=', query.eventId);
    if (query.direction) q = q.where('m.direction', '=', query.direction);
    if (query.status) q = q.where('m.status', '=', query.status);
    return this.page(q, query.cursor, query.limit);
  }

  /** «Неразобранные»: incoming letters from senders that are no client's, newest first. */
  async unsorted(query: { cursor?: string | undefined; limit: number }, viewer: Viewer): Promise<MailPage> {
    return this.page(this.visible(viewer).where('m.is_unsorted', '=', true), query.cursor, query.limit);
  }

  async get(id: number, viewer: Viewer): Promise<MailMessage> {
    const row = await this.readable(id, viewer);
    const [[item], bodies, attachments, users] = await Promise.all([
      this.present([row]),
      this.bodies(id),
      this.db
        .selectFrom('mail_attachments')
        .select([
          'id',
          'filename',
          'content_type',
          'size',
          'is_inline',
          sql<boolean>`content is not null`.as('stored'),
        ])
        .where('mail_id', '=', id)
        .orderBy('id')
        .execute(),
      this.services.users.briefByIds([row.sent_by]),
    ]);
    return {
      ...item!,
      messageId: row.message_id,
      // Blind copies are the sender's business: shown on outgoing letters only.
      bcc: row.direction === 'out' ? addresses(row.bcc_list) : [],
      inReplyTo: row.in_reply_to,
      text: bodies.text_body,
      hasHtml: bodies.html_body !== '',
      hasRemoteImages: row.is_remote_images,
      attachments: attachments.map((a) => ({
        id: a.id,
        filename: a.filename,
        contentType: a.content_type,
        size: a.size,
        isInline: a.is_inline,
        isStored: Boolean(a.stored),
      })),
      note: row.note,
      smtpResponse: row.smtp_response,
      sentBy: row.sent_by === null ? null : { id: row.sent_by, name: users.get(row.sent_by) ?? '' },
      size: row.size,
    };
  }

  /** The letter's sanitised HTML as a document for a sandboxed frame, with its CSP header. */
  async html(id: number, viewer: Viewer, allowRemoteImages: boolean): Promise<{ html: string; csp: string }> {
    await this.readable(id, viewer);
    const bodies = await this.bodies(id);
    // The sanitiser's parser is loaded on first use (start-up time).
    const { cidReferences, mailDocument } = await import('./mail-html.js');
    if (!bodies.html_body)
      return mailDocument(`<pre>${escapeHtml(bodies.text_body)}</pre>`, {
        allowRemoteImages,
        cidUrl: () => null,
      });
    const images = await this.inlineImages(id, cidReferences(bodies.html_body));
    // Each reference counts: an image named twice is in the document twice.
    let budget = INLINE_TOTAL_BYTES;
    return mailDocument(bodies.html_body, {
      allowRemoteImages,
      cidUrl: (cid) => {
        const image = images.get(cid);
        if (!image || image.bytes > budget) return null;
        budget -= image.bytes;
        return image.url;
      },
    });
  }

  /**
   * The stored inline images the HTML refers to, as data: URLs by lowercased Content-ID: the
   * sandboxed frame has an opaque origin and sends no session cookie, so it could not load
   * them from the API. Up to INLINE_IMAGE_BYTES each and INLINE_TOTAL_BYTES in all, first
   * referenced first; the rest stay `cid:` references, which the frame's CSP blocks.
   */
  private async inlineImages(
    id: number,
    wanted: Set<string>,
  ): Promise<Map<string, { url: string; bytes: number }>> {
    const images = new Map<string, { url: string; bytes: number }>();
    if (!wanted.size) return images;
    const rows = await this.db
      .selectFrom('mail_attachments')
      .select(['id', 'content_id', 'content_type', 'size'])
      .where('mail_id', '=', id)
      .where('content_id', 'is not', null)
      .where('content', 'is not', null)
      .where('size', '<=', INLINE_IMAGE_BYTES)
      .orderBy('id')
      .execute();
    const byCid = new Map<string, { id: number; type: string; size: number }>();
    for (const r of rows) {
      // Letters stored before Content-IDs were lowercased may hold them in any case.
      const cid = r.content_id!.toLowerCase();
      const type = r.content_type.trim().toLowerCase();
      if (wanted.has(cid) && !byCid.has(cid) && IMAGE_TYPE.test(type))
        byCid.set(cid, { id: r.id, type, size: r.size });
    }
    const chosen = new Map<number, { cid: string; type: string }>();
    let total = 0;
    for (const cid of wanted) {
      const image = byCid.get(cid);
      if (!image || total + image.size > INLINE_TOTAL_BYTES) continue;
      total += image.size;
      chosen.set(image.id, { cid, type: image.type });
    }
    if (!chosen.size) return images;
    const contents = await this.db
      .selectFrom('mail_attachments')
      .select(['id', 'content'])
      .where('id', 'in', [...chosen.keys()])
      .execute();
    for (const { id: attachmentId, content } of contents) {
      const image = chosen.get(attachmentId)!;
      const bytes = content ? Buffer.from(content) : null;
      if (!bytes || bytes.length > INLINE_IMAGE_BYTES) continue;
      images.set(image.cid, {
        url: `data:${image.type};base64,${bytes.toString('base64')}`,
        bytes: bytes.length,
      });
    }
    return images;
  }

  /** An attachment's bytes; 404 when hidden, 410 when it was over the size limit and not kept. */
  async attachment(
    id: number,
    viewer: Viewer,
  ): Promise<{ filename: string; contentType: string; content: Buffer }> {
    const a = await this.db
      .selectFrom('mail_attachments')
      .select(['mail_id', 'filename', 'content_type', 'content'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!a) throw notFound();
    await this.readable(a.mail_id, viewer);
    if (!a.content) throw new AppError(410, 'mail_attachment_not_stored', { filename: a.filename });
    return { filename: a.filename, contentType: a.content_type, content: Buffer.from(a.content) };
  }

  /** The conversation the letter belongs to, as far as the viewer may see it, oldest first. */
  async thread(id: number, viewer: Viewer): Promise<MailListItem[]> {
    const row = await this.readable(id, viewer);
    const root = row.thread_id ?? row.id;
    const rows = await this.visible(viewer)
      .where((eb) => eb.or([eb('m.thread_id', '=', root), eb('m.id', '=', root)]))
      .orderBy('m.sent_at')
      .orderBy('m.id')
      .limit(500)
      .execute();
    return this.present(rows);
  }

  private bodies(id: number) {
    return this.db
      .selectFrom('mail_messages')
      .select(['text_body', 'html_body'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  }

  /** The letter when its event is readable; 404 otherwise. */
  private async readable(id: number, viewer: Viewer): Promise<ListRow> {
    const row = await this.joined().where('m.id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    await this.services.access.assertCan(viewer, 'events', 'read', row.event_id);
    return row;
  }

  private joined() {
    return this.db
      .selectFrom('mail_messages as m')
      .innerJoin('events as e', 'e.id', 'm.event_id')
      .select(LIST_COLUMNS)
      .select([
        'e.number as event_number',
        'e.client_id',
        'e.contact_id',
        sql<string>`substr(m.text_body, 1, ${SNIPPET_CHARS * 2})`.as('snippet'),
      ]);
  }

  private visible(viewer: Viewer) {
    const condition = this.services.access.condition(viewer, 'events', 'read', 'e');
    const q = this.joined();
    return condition ? q.where(condition) : q;
  }

  private async page(
    q: ReturnType<MailService['visible']>,
    cursor: string | undefined,
    limit: number,
  ): Promise<MailPage> {
    if (cursor) q = q.where(afterCursor(sql.ref('m.sent_at'), 'm.id', 'desc', cursor));
    const rows = await q
      .orderBy('m.sent_at', 'desc')
      .orderBy('m.id', 'desc')
      .limit(limit + 1)
      .execute();
    const page = cutPage(rows, limit, (r) => [r.sent_at, r.id]);
    return { items: await this.present(page.rows), nextCursor: page.nextCursor };
  }

  private async present(rows: ListRow[]): Promise<MailListItem[]> {
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const [clients, contacts, counts] = await Promise.all([
      this.services.clients.briefByIds(rows.map((r) => r.client_id)),
      this.services.clients.contactBriefByIds(rows.map((r) => r.contact_id)),
      this.db
        .selectFrom('mail_attachments')
        .select(['mail_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('mail_id', 'in', ids)
        .where('is_inline', '=', false)
        .groupBy('mail_id')
        .execute(),
    ]);
    const countOf = new Map(counts.map((c) => [c.mail_id, Number(c.n)]));
    return rows.map((r) => ({
      id: r.id,
      direction: r.direction as 'in' | 'out',
      status: r.status as MailStatus,
      subject: r.subject,
      from: { address: r.from_address, name: r.from_name },
      to: addresses(r.to_list),
      cc: addresses(r.cc_list),
      sentAt: r.sent_at,
      event: { id: r.event_id, number: r.event_number },
      client: r.client_id === null ? null : { id: r.client_id, name: clients.get(r.client_id) ?? '' },
      contact:
        r.contact_id === null ? null : { id: r.contact_id, name: contacts.get(r.contact_id)?.name ?? '' },
      taskId: r.task_id,
      threadId: r.thread_id,
      attachmentCount: countOf.get(r.id) ?? 0,
      snippet: r.snippet.replace(/\s+/g, ' ').trim().slice(0, SNIPPET_CHARS),
      attempts: r.attempts,
      lastError: r.last_error,
      nextAttemptAt: r.status === 'queued' ? r.next_attempt_at : null,
    }));
  }
}

function addresses(json: string): MailAddress[] {
  try {
    const list: unknown = JSON.parse(json);
    return Array.isArray(list) ? (list as MailAddress[]) : [];
  } catch {
    return [];
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
