import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, QueueTicketsTable } from '../../db/schema.js';
import type { BoardTicket, QueueTicket, TicketState } from '../../../shared/schemas/queue.js';
import type { AccessService } from '../access/access.service.js';
import type { Viewer } from '../access/viewer.js';

export type Db = Kysely<DB> | Transaction<DB>;

/** A ticket row with the names the API shows next to it. */
export type TicketRow = Selectable<QueueTicketsTable> & {
  name_ru: string;
  name_uk: string;
  name_en: string;
  prefix: string;
  client_name: string | null;
  operator_name: string | null;
  window_name: string | null;
};

/** Tickets (`t`) with their queue's names (`s`), the client's, the operator's and the window's. */
export function ticketRows(db: Db) {
  return db
    .selectFrom('queue_tickets as t')
    .innerJoin('queue_services as s', 's.id', 't.service_id')
    .leftJoin('clients as c', 'c.id', 't.client_id')
    .leftJoin('users as u', 'u.id', 't.operator_id')
    .leftJoin('queue_windows as w', 'w.id', 't.window_id')
    .selectAll('t')
    .select([
      's.name_ru',
      's.name_uk',
      's.name_en',
      's.prefix',
      'c.name as client_name',
      'u.full_name as operator_name',
      'w.name as window_name',
    ]);
}

export async function ticketById(db: Db, id: number): Promise<QueueTicket | null> {
  const row = await ticketRows(db).where('t.id', '=', id).executeTakeFirst();
  return row ? ticketOf(row) : null;
}

export function ticketOf(r: TicketRow): QueueTicket {
  return {
    id: r.id,
    code: r.code,
    number: r.number,
    day: r.day,
    state: r.state as TicketState,
    serviceId: r.service_id,
    service: { id: r.service_id, nameRu: r.name_ru, nameUk: r.name_uk, nameEn: r.name_en, prefix: r.prefix },
    clientId: r.client_id,
    clientName: r.client_id === null ? null : r.client_name,
    phone: r.phone,
    issuedAt: r.issued_at,
    queuedAt: r.queued_at,
    firstCalledAt: r.first_called_at,
    calledAt: r.called_at,
    servingAt: r.serving_at,
    finishedAt: r.finished_at,
    callCount: r.call_count,
    operatorId: r.operator_id,
    operatorName: r.operator_id === null ? null : r.operator_name,
    windowId: r.window_id,
    windowName: r.window_id === null ? null : r.window_name,
    redirectedFromId: r.redirected_from_id,
    eventId: r.event_id,
  };
}

/** What a display board shows of a ticket. */
export function boardTicketOf(t: QueueTicket): BoardTicket {
  return {
    id: t.id,
    code: t.code,
    state: t.state,
    serviceId: t.serviceId,
    windowName: t.windowName,
    calledAt: t.calledAt,
    callCount: t.callCount,
  };
}

/**
 * Tickets as a user may see them: a client they may not read is not named (no id, no name), as if
 * none were linked — like a client reference elsewhere that the reader may not follow — and the
 * ticket's phone, that client's contact, is not shown either. A phone that links no client is.
 */
export async function visibleTo(
  access: Pick<AccessService, 'readableIds'>,
  viewer: Viewer,
  tickets: QueueTicket[],
): Promise<QueueTicket[]> {
  if (viewer.unrestricted) return tickets;
  const ids = tickets.flatMap((t) => (t.clientId === null ? [] : [t.clientId]));
  const readable = ids.length ? await access.readableIds(viewer, 'clients', ids) : new Set<number>();
  return tickets.map((t) =>
    t.clientId === null || readable.has(t.clientId)
      ? t
      : { ...t, clientId: null, clientName: null, phone: null },
  );
}
