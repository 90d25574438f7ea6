import type { Kysely, Selectable, Transaction } from 'kysely';
import type { z } from 'zod';
import type { DB, MailTemplatesTable } from '../../db/schema.js';
import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import { AppError, notFound } from '../../http/errors.js';
import type { Locale } from '../../../shared/locale.js';
import type {
  MailTemplate,
  createMailTemplateRequest,
  renderMailTemplateRequest,
  updateMailTemplateRequest,
} from '../../../shared/schemas/mail.js';
import type { SettingsArea } from '../../../shared/schemas/settings-changes.js';
import type { Viewer } from '../access/viewer.js';
import { fillPlaceholders, today, type PlaceholderValues } from './mail-templates-render.js';

type Db = Kysely<DB> | Transaction<DB>;
type Row = Selectable<MailTemplatesTable>;
type CreateInput = z.output<typeof createMailTemplateRequest>;
type UpdateInput = z.output<typeof updateMailTemplateRequest>;
type RenderInput = z.output<typeof renderMailTemplateRequest>;

/**
 * The settings log has no area of its own for mail yet; templates are enterprise mail settings
 * (Администратор → Предприятия → Рассылка) and are logged there.
 */
const LOG_AREA: SettingsArea = 'mail';
const LOG_ENTITY = 'mail_template';

/**
 * Letter templates with placeholders (MAIL_PLACEHOLDERS). Everyone signed in may use the
 * active ones; holders of the mail settings area keep them, every change in the settings log.
 */
export class MailTemplatesService {
  private readonly db: Kysely<DB>;
  constructor(
    readonly ctx: AppContext,
    readonly services: Services,
  ) {
    this.db = ctx.database.db;
  }

  /** The active templates by name; with `all`, inactive ones too (mail settings holders only). */
  async list(all: boolean, viewer: Viewer): Promise<MailTemplate[]> {
    if (all && !this.services.access.areaAllows(viewer, 'mail', 'read'))
      throw new AppError(403, 'mail_template_list_forbidden');
    let q = this.db.selectFrom('mail_templates').selectAll().orderBy('name').orderBy('id');
    if (!all) q = q.where('is_active', '=', true);
    return (await q.execute()).map(present);
  }

  async create(input: CreateInput, userId: number): Promise<MailTemplate> {
    return this.db.transaction().execute(async (trx) => {
      const now = new Date().toISOString();
      const { id } = await trx
        .insertInto('mail_templates')
        .values({
          name: input.name,
          subject: input.subject,
          body_html: await sanitized(input.html),
          is_active: input.isActive,
          created_by: userId,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const after = await this.row(trx, id);
      await this.record(trx, null, after, userId);
      return present(after);
    });
  }

  async update(id: number, changes: UpdateInput, userId: number): Promise<MailTemplate> {
    return this.db.transaction().execute(async (trx) => {
      const before = await this.row(trx, id);
      await trx
        .updateTable('mail_templates')
        .set({
          ...(changes.name !== undefined && { name: changes.name }),
          ...(changes.subject !== undefined && { subject: changes.subject }),
          ...(changes.html !== undefined && { body_html: await sanitized(changes.html) }),
          ...(changes.isActive !== undefined && { is_active: changes.isActive }),
          updated_at: new Date().toISOString(),
        })
        .where('id', '=', id)
        .execute();
      const after = await this.row(trx, id);
      await this.record(trx, before, after, userId);
      return present(after);
    });
  }

  async remove(id: number, userId: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const before = await this.row(trx, id);
      await trx.deleteFrom('mail_templates').where('id', '=', id).execute();
      await this.record(trx, before, null, userId);
    });
  }

  /**
   * The template's subject and HTML with the placeholders filled from the documents the letter
   * is written from (each must be readable: 404 otherwise); an event, task or project lends its
   * client, contact person and project when they are not given. An inactive template is found
   * only by mail settings holders.
   */
  async render(
    id: number,
    input: RenderInput,
    viewer: Viewer,
    locale: Locale,
  ): Promise<{ subject: string; html: string }> {
    const row = await this.row(this.db, id);
    if (!row.is_active && !this.services.access.areaAllows(viewer, 'mail', 'read')) throw notFound();
    const values = await this.values(input, viewer, locale);
    return {
      subject: fillPlaceholders(row.subject, values, false),
      // Sanitised once filled: a value is text, but in an attribute it can still be a URL (javascript:…).
      html: await sanitized(fillPlaceholders(row.body_html, values, true)),
    };
  }

  private async values(input: RenderInput, viewer: Viewer, locale: Locale): Promise<PlaceholderValues> {
    const s = this.services;
    const values: PlaceholderValues = {};
    let { clientId, contactId, projectId } = input;
    if (input.eventId != null) {
      const event = await s.events.get(input.eventId, viewer);
      values['event.number'] = event.number;
      values['event.subject'] = event.subject;
      if (clientId === undefined && event.client) {
        clientId = event.client.id;
        if (contactId === undefined) contactId = event.contact?.id ?? null;
      }
      if (projectId === undefined && event.project) projectId = event.project.id;
    }
    if (input.taskId != null) {
      const task = await s.tasks.get(input.taskId, viewer);
      values['task.number'] = task.number;
      values['task.title'] = task.title;
      if (clientId === undefined && task.clientId !== null) clientId = task.clientId;
      if (projectId === undefined && task.projectId !== null) projectId = task.projectId;
    }
    if (projectId != null) {
      const project = await s.projects.get(projectId, viewer, locale);
      values['project.number'] = project.number;
      values['project.name'] = project.name;
      if (clientId === undefined && project.client) clientId = project.client.id;
    }
    if (clientId == null && contactId != null)
      clientId = (await s.clients.contactBriefByIds([contactId])).get(contactId)?.clientId ?? null;
    if (clientId != null) {
      const client = await s.clients.get(clientId, viewer);
      values['client.name'] = client.name;
      const contact = client.contacts.find((c) => c.id === contactId);
      if (contact) values['contact.name'] = contact.name;
    }
    const [user, timeZone] = await Promise.all([s.users.get(viewer.userId), s.enterprise.timeZone()]);
    values['user.name'] = user.fullName;
    values.date = today(new Date(), timeZone, locale);
    return values;
  }

  private async row(db: Db, id: number): Promise<Row> {
    const row = await db.selectFrom('mail_templates').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    return row;
  }

  private record(trx: Db, before: Row | null, after: Row | null, userId: number): Promise<void> {
    return this.services.settingsChanges.record(trx, {
      area: LOG_AREA,
      entity: LOG_ENTITY,
      entityId: (after ?? before)!.id,
      before: before && snapshot(before),
      after: after && snapshot(after),
      userId,
    });
  }
}

function present(r: Row): MailTemplate {
  return {
    id: r.id,
    name: r.name,
    subject: r.subject,
    html: r.body_html,
    isActive: r.is_active,
    updatedAt: r.updated_at,
  };
}

const snapshot = (r: Row) => ({ name: r.name, subject: r.subject, html: r.body_html, isActive: r.is_active });

/** Sanitised HTML; the sanitiser's parser is loaded on first use (start-up time). */
async function sanitized(html: string): Promise<string> {
  const { sanitizeMailHtml } = await import('./mail-html.js');
  return sanitizeMailHtml(html).html;
}
