import type { Kysely, Selectable } from 'kysely';
import type { DB, MailMessagesTable } from '../../db/schema.js';
import type { Services } from '../../services.js';
import { AppError, fieldProblem, notFound } from '../../http/errors.js';
import type { Client } from '../../../shared/schemas/clients.js';
import type { Viewer } from '../access/viewer.js';
import { normalizeEmail } from '../clients/client-state.js';

/** What a letter is written from: the documents it lends its links to the new event from. */
export interface LetterSources {
  clientId?: number | null | undefined;
  contactId?: number | null | undefined;
  projectId?: number | null | undefined;
  taskId?: number | null | undefined;
  eventId?: number | null | undefined;
  replyToId?: number | null | undefined;
}

export type ParentLetter = Pick<
  Selectable<MailMessagesTable>,
  'id' | 'event_id' | 'task_id' | 'message_id' | 'references_ids' | 'thread_id'
>;

export interface LetterLinks {
  clientId: number | null;
  contactId: number | null;
  projectId: number | null;
  taskId: number | null;
  /** The letter replied to. */
  parent: ParentLetter | null;
  /** The card of the client, for the names of its addresses. */
  client: Client | null;
}

interface Lent {
  clientId: number | null;
  contactId: number | null;
  projectId: number | null;
}

/**
 * The links of a new letter's event. What the request names wins; the rest comes from the
 * event, the task and the letter replied to (in that order), and the client from the project.
 * Every document named must be readable by the viewer: a hidden or missing one is refused as
 * unknown on its field, as the card files refuse links to hidden documents.
 */
export async function resolveLinks(
  db: Kysely<DB>,
  services: Services,
  input: LetterSources,
  viewer: Viewer,
): Promise<LetterLinks> {
  let { clientId, contactId, projectId } = input;
  let taskId = input.taskId ?? null;
  const lent: Lent[] = [];
  if (input.eventId != null)
    lent.push(await known('eventId', input.eventId, eventLinks(services, input.eventId, viewer)));
  if (input.taskId != null) {
    const task = await known('taskId', input.taskId, services.tasks.get(input.taskId, viewer));
    lent.push({ clientId: task.clientId, contactId: null, projectId: task.projectId });
  }
  let parent: ParentLetter | null = null;
  if (input.replyToId != null) {
    parent = await known('replyToId', input.replyToId, parentLetter(db, services, input.replyToId, viewer));
    lent.push(await eventLinks(services, parent.event_id, viewer));
    if (input.taskId === undefined) taskId = parent.task_id;
  }
  for (const l of lent) {
    if (clientId === undefined && l.clientId !== null) {
      clientId = l.clientId;
      if (contactId === undefined) contactId = l.contactId;
    }
    if (projectId === undefined && l.projectId !== null) projectId = l.projectId;
  }
  if (clientId === undefined && projectId != null) {
    const project = await known('projectId', projectId, services.projects.get(projectId, viewer));
    if (project.client) clientId = project.client.id;
  }
  const client =
    clientId != null ? await known('clientId', clientId, services.clients.get(clientId, viewer)) : null;
  return {
    clientId: clientId ?? null,
    contactId: contactId ?? null,
    projectId: projectId ?? null,
    taskId,
    parent,
    client,
  };
}

/** A 404 of a named document becomes a field error: the form shows it on the field. */
async function known<T>(path: string, id: number, found: Promise<T>): Promise<T> {
  try {
    return await found;
  } catch (e) {
    if (e instanceof AppError && e.status === 404) throw fieldProblem(path, 'mail_link_unknown', { id });
    throw e;
  }
}

async function eventLinks(services: Services, eventId: number, viewer: Viewer): Promise<Lent> {
  const event = await services.events.get(eventId, viewer);
  return {
    clientId: event.client?.id ?? null,
    contactId: event.contact?.id ?? null,
    projectId: event.project?.id ?? null,
  };
}

/** The letter replied to: it must exist and its event be readable (404 otherwise). */
async function parentLetter(
  db: Kysely<DB>,
  services: Services,
  id: number,
  viewer: Viewer,
): Promise<ParentLetter> {
  const row = await db
    .selectFrom('mail_messages')
    .select(['id', 'event_id', 'task_id', 'message_id', 'references_ids', 'thread_id'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound();
  await services.access.assertCan(viewer, 'events', 'read', row.event_id);
  return row;
}

export interface RecipientSuggestion {
  address: string;
  name: string;
  clientId: number;
  contactId: number | null;
}

/**
 * Addresses to offer for a letter written from a client, project, task or event: the contact
 * person's of that event first, then the client's own, then its other contact persons'.
 */
export async function recipientSuggestions(
  services: Services,
  from: Pick<LetterSources, 'clientId' | 'projectId' | 'taskId' | 'eventId'>,
  viewer: Viewer,
): Promise<RecipientSuggestion[]> {
  let clientId = from.clientId ?? null;
  let contactId: number | null = null;
  if (clientId === null && from.eventId != null) {
    const lent = await eventLinks(services, from.eventId, viewer);
    clientId = lent.clientId;
    contactId = lent.contactId;
  }
  if (clientId === null && from.taskId != null)
    clientId = (await services.tasks.get(from.taskId, viewer)).clientId;
  if (clientId === null && from.projectId != null)
    clientId = (await services.projects.get(from.projectId, viewer)).client?.id ?? null;
  if (clientId === null) return [];
  const client = await services.clients.get(clientId, viewer);
  const contacts = client.contacts;
  const all: RecipientSuggestion[] = [
    ...contacts
      .filter((c) => c.id === contactId)
      .flatMap((c) =>
        c.emails.map((address) => ({ address, name: c.name, clientId: client.id, contactId: c.id })),
      ),
    ...client.emails.map((address) => ({ address, name: client.name, clientId: client.id, contactId: null })),
    ...contacts
      .filter((c) => c.id !== contactId)
      .flatMap((c) =>
        c.emails.map((address) => ({ address, name: c.name, clientId: client.id, contactId: c.id })),
      ),
  ];
  const seen = new Set<string>();
  return all.filter((s) => {
    const key = normalizeEmail(s.address);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
