import type { NotificationTrigger } from '../../../shared/schemas/notifications.js';
import type { DocumentSnapshot } from '../document-changes/document-change.js';

/**
 * What reminders a document should have and when they fire: the one rule both the saving
 * transaction (scheduling) and the firing (a last check) apply.
 */

export const REMINDER_KINDS = ['deadline_soon', 'overdue', 'event_reminder'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export const KIND_TRIGGER = {
  deadline_soon: 'task_deadline_soon',
  overdue: 'task_overdue',
  event_reminder: 'event_reminder',
} as const satisfies Record<ReminderKind, NotificationTrigger>;

export type LeadTrigger = 'task_deadline_soon' | 'event_reminder';
export const isLeadTrigger = (t: NotificationTrigger): t is LeadTrigger =>
  t === 'task_deadline_soon' || t === 'event_reminder';

/** The lead kind of each lead trigger, and the document type its reminders are about. */
export const LEAD_KIND = {
  task_deadline_soon: { kind: 'deadline_soon', docType: 'task' },
  event_reminder: { kind: 'event_reminder', docType: 'event' },
} as const satisfies Record<LeadTrigger, { kind: ReminderKind; docType: 'task' | 'event' }>;

/** Minutes before the deadline / the start, when the administrator has set none. */
export const DEFAULT_LEAD_MINUTES: Record<LeadTrigger, number> = {
  task_deadline_soon: 1440,
  event_reminder: 15,
};

export type Leads = Record<LeadTrigger, number>;

const MINUTE_MS = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** A stored time as the schedule spells it (ISO, milliseconds, UTC), so times compare as text. */
export const canonicalTime = (t: string): string => new Date(t).toISOString();

/**
 * The reminders a document wants now, kind → when it fires. A task: `overdue` at its deadline and
 * `deadline_soon` the lead before it while the deadline is still ahead; an event: the reminder
 * the lead before its start while the start is ahead. None for a closed document. A time already
 * past fires at once.
 */
export function wantedReminders(doc: DocumentSnapshot, leads: Leads, now: Date): Map<ReminderKind, string> {
  const wanted = new Map<ReminderKind, string>();
  if (doc.isClosed) return wanted;
  if (doc.docType === 'task' && doc.deadline) {
    const deadline = Date.parse(doc.deadline);
    wanted.set('overdue', iso(deadline));
    if (deadline > now.getTime())
      wanted.set('deadline_soon', iso(deadline - leads.task_deadline_soon * MINUTE_MS));
  }
  if (doc.docType === 'event' && doc.startsAt) {
    const start = Date.parse(doc.startsAt);
    if (start > now.getTime()) wanted.set('event_reminder', iso(start - leads.event_reminder * MINUTE_MS));
  }
  return wanted;
}

/** What the notification's text is made of besides the document. */
export function reminderParams(
  kind: ReminderKind,
  doc: DocumentSnapshot,
  fireAt: string,
): Record<string, string | number | null> {
  const lead = (to: string | null) =>
    to === null ? null : Math.round((Date.parse(to) - Date.parse(fireAt)) / MINUTE_MS);
  switch (kind) {
    case 'deadline_soon':
      return { leadMinutes: lead(doc.deadline), deadline: doc.deadline };
    case 'overdue':
      return { deadline: doc.deadline };
    case 'event_reminder':
      return { leadMinutes: lead(doc.startsAt), startsAt: doc.startsAt };
  }
}
