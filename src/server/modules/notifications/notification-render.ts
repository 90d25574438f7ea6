import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, NotificationsTable } from '../../db/schema.js';
import type { Services } from '../../services.js';
import type { Locale } from '../../../shared/locale.js';
import type { DocType } from '../../../shared/schemas/card-files.js';
import type { Notification, NotificationKind } from '../../../shared/schemas/notifications.js';
import {
  notificationText,
  notificationTitle,
  type NotificationParams,
  type TextContext,
} from './notification-texts.js';

type Db = Kysely<DB> | Transaction<DB>;
export type NotificationRow = Selectable<NotificationsTable>;

/** What rendering a batch of rows needs, in any language: read once per batch. */
export interface RenderBase {
  taskStatuses: TextContext['taskStatuses'];
  timeZone: string;
  actors: Map<number, string>;
}

export async function renderBase(
  db: Db,
  services: Services,
  rows: readonly NotificationRow[],
): Promise<RenderBase> {
  const hasTasks = rows.some((r) => r.doc_type === 'task');
  const [statuses, timeZone, actors] = await Promise.all([
    hasTasks ? services.referenceBooks.taskStatuses.list({}, db) : Promise.resolve([]),
    services.enterprise.timeZone(db),
    services.users.briefByIds(
      rows.map((r) => r.actor_id),
      db,
    ),
  ]);
  return { taskStatuses: new Map(statuses.map((s) => [s.id, s])), timeZone, actors };
}

export function paramsOf(row: NotificationRow): NotificationParams {
  try {
    const v: unknown = JSON.parse(row.params);
    return v && typeof v === 'object' ? (v as NotificationParams) : {};
  } catch {
    return {};
  }
}

/** A stored notification as its reader sees it, in the reader's language. */
export function renderRow(row: NotificationRow, locale: Locale, base: RenderBase): Notification {
  const docType = row.doc_type as DocType;
  const trigger = row.trigger as NotificationKind;
  const params = paramsOf(row);
  const ctx: TextContext = { locale, taskStatuses: base.taskStatuses, timeZone: base.timeZone };
  const actorName = row.actor_id === null ? undefined : base.actors.get(row.actor_id);
  return {
    id: row.id,
    trigger,
    docType,
    docId: row.doc_id,
    title: notificationTitle(docType, params, locale),
    text: notificationText(trigger, docType, params, ctx),
    actor: row.actor_id !== null && actorName !== undefined ? { id: row.actor_id, name: actorName } : null,
    createdAt: row.created_at,
    readAt: row.read_at,
  };
}
