import { randomUUID } from 'node:crypto';
import type { DocType } from '../../../shared/schemas/card-files.js';
import type { WebhookAction } from '../../../shared/schemas/webhooks.js';
import { statusChanged, type DocumentChange } from '../document-changes/document-change.js';

/** The fields that hold a status: a change of only these is `status_changed` alone. */
const STATUS_FIELDS = new Set(['statusId', 'status']);

/** Where the web UI shows each kind of document (the payload's `document.url`). */
const UI_PATHS: Record<DocType, string> = {
  client: '/clients',
  project: '/projects',
  event: '/events',
  task: '/tasks',
};

/**
 * The webhook events a change is: created, deleted, status_changed (plus updated when other
 * fields changed with the status), updated. Comments are not webhook events.
 */
export function webhookActions(change: DocumentChange): WebhookAction[] {
  switch (change.action) {
    case 'created':
    case 'deleted':
      return [change.action];
    case 'commented':
      return [];
    case 'updated': {
      if (!statusChanged(change)) return ['updated'];
      const others = change.changedFields.some((f) => !STATUS_FIELDS.has(f));
      return others ? ['status_changed', 'updated'] : ['status_changed'];
    }
  }
}

/** The JSON body of an event, fixed when the change is recorded (retries send the same bytes). */
export function eventPayload(
  change: DocumentChange,
  action: WebhookAction,
  actorName: string | null,
): { event: string; body: string } {
  const { doc } = change;
  const event = `${doc.docType}.${action}`;
  const body = JSON.stringify({
    id: randomUUID(),
    event,
    occurredAt: change.at,
    actor: change.actorId === null ? null : { id: change.actorId, name: actorName ?? '' },
    document: {
      type: doc.docType,
      id: doc.docId,
      number: doc.number,
      title: doc.title,
      statusId: doc.statusId,
      statusCode: doc.statusCode,
      url: `${UI_PATHS[doc.docType]}/${doc.docId}`,
    },
    changedFields: change.changedFields,
  });
  return { event, body };
}
