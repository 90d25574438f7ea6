/**
 * Ведение истории: the document types whose changes may be recorded and, for each, the fields
 * whose changes are recorded unless switched off in Настройка → Справочники. The card-file
 * modules write history for exactly these fields; the settings page lists them in this order.
 */
export const HISTORY_FIELDS = {
  client: [
    'name',
    'shortName',
    'taxId',
    'phones',
    'emails',
    'addresses',
    'website',
    'responsibleId',
    'tags',
    'notes',
    'contacts',
  ],
  project: [
    'number',
    'name',
    'kind',
    'clientId',
    'managerId',
    'participants',
    'journalId',
    'status',
    'plannedStart',
    'plannedEnd',
    'actualStart',
    'actualEnd',
    'progressPercent',
    'description',
  ],
  event: [
    'number',
    'typeId',
    'subject',
    'status',
    'clientId',
    'contactId',
    'projectId',
    'journalId',
    'startsAt',
    'endsAt',
    'performerId',
    'participants',
    'result',
    'description',
  ],
  task: [
    'number',
    'title',
    'statusId',
    'clientId',
    'projectId',
    'eventId',
    'journalId',
    'authorId',
    'performerId',
    'controllerId',
    'deadline',
    'priority',
    'description',
  ],
} as const;

export type HistoryDocType = keyof typeof HISTORY_FIELDS;
export type HistoryField<D extends HistoryDocType = HistoryDocType> = (typeof HISTORY_FIELDS)[D][number];

export const HISTORY_DOC_TYPES = [
  'client',
  'project',
  'event',
  'task',
] as const satisfies readonly HistoryDocType[];

export function isHistoryField(docType: HistoryDocType, field: string): boolean {
  return (HISTORY_FIELDS[docType] as readonly string[]).includes(field);
}
