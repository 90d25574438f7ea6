import type { DocType } from '../../../shared/schemas/card-files.js';

/**
 * What a card-file service reports of a saved change, inside the saving transaction. Its
 * consumers (notifications, reminders, webhooks, live list updates) read only this: none of them
 * touches the card files' tables.
 */

/** The people a document names, as notification recipients see them. */
export interface DocumentPeople {
  performerId: number | null;
  authorId: number | null;
  controllerId: number | null;
  /** The manager of the document's project (of the project itself, for projects). */
  projectManagerId: number | null;
  /** The responsible of the document's client. */
  responsibleId: number | null;
  participantIds: number[];
}

/** A document as of now (after the change): enough for texts, recipients and schedules. */
export interface DocumentSnapshot {
  docType: DocType;
  docId: number;
  /** e.g. З-000012 */
  number: string;
  /** Task title, event subject, project or client name. */
  title: string;
  people: DocumentPeople;
  /** Events: the event type's code (e.g. incoming_email, missed_incoming_call); null elsewhere. */
  typeCode: string | null;
  /** Task: status id (the book), event/project: status code. */
  statusId: number | null;
  statusCode: string | null;
  /** A task in a final status, a done/cancelled event, a completed/cancelled project. */
  isClosed: boolean;
  /** Task deadline (reminders: deadline_soon, overdue). */
  deadline: string | null;
  /** Event start (reminders: event_reminder). */
  startsAt: string | null;
  clientId: number | null;
  projectId: number | null;
}

export type DocumentAction = 'created' | 'updated' | 'deleted' | 'commented';

export interface DocumentChange {
  action: DocumentAction;
  /** After the change; for `deleted`, as it was before. */
  doc: DocumentSnapshot;
  /** Before the change (null for `created`): who was named, the status, the schedule. */
  before: DocumentSnapshot | null;
  /** The user who made the change (null: the system, an import, the PBX…): never notified of it. */
  actorId: number | null;
  /** Changed columns in API terms (e.g. performerId, deadline, statusId); [] for created/deleted. */
  changedFields: string[];
  /** For `commented`: the comment. */
  comment?: { id: number; body: string };
  at: string;
}

/** The status changed (a task's status id or an event's / project's status code). */
export function statusChanged(c: DocumentChange): boolean {
  return (
    c.before !== null && (c.before.statusId !== c.doc.statusId || c.before.statusCode !== c.doc.statusCode)
  );
}
