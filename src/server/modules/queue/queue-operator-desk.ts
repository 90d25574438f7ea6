import { sql, type Selectable } from 'kysely';
import type { QueueServicesTable } from '../../db/schema.js';
import type { CurrentUserStatus } from '../../../shared/schemas/reference-books.js';
import type { OperatorPanel } from '../../../shared/schemas/queue.js';
import type { Db } from './queue-ticket-view.js';
import { inTodaysLine } from './queue-ticket-day.js';

/** States in which a ticket is held by its operator (they cannot call another). */
export const HELD_STATES = ['called', 'serving'] as const;

type ServiceRow = Selectable<QueueServicesTable>;

/** Where an operator stands: their queues and windows, their window, status and held ticket. */
export interface OperatorDesk {
  userId: number;
  /** Active queues listing the operator, by sort order. */
  services: ServiceRow[];
  /** Per queue: its windows (empty: served at any window). */
  serviceWindows: Map<number, Set<number>>;
  /** Active windows where at least one of the operator's queues is served. */
  windows: { id: number; name: string }[];
  /** The operator's window, when it is active. */
  window: { id: number; name: string } | null;
  status: CurrentUserStatus;
  /** The ticket the operator holds (called or serving). */
  held: { id: number; code: string } | null;
}

/** Reads an operator's desk through `db` (inside a transaction: its own reads). */
export async function readDesk(
  db: Db,
  userId: number,
  status: CurrentUserStatus,
  placeWindowId: number | null,
): Promise<OperatorDesk> {
  const services = await db
    .selectFrom('queue_services as s')
    .innerJoin('queue_service_operators as o', 'o.service_id', 's.id')
    .selectAll('s')
    .where('o.user_id', '=', userId)
    .where('s.is_active', '=', true)
    .orderBy('s.sort_order')
    .orderBy('s.id')
    .execute();
  const serviceWindows = new Map<number, Set<number>>(services.map((s) => [s.id, new Set()]));
  if (services.length) {
    const links = await db
      .selectFrom('queue_service_windows')
      .select(['service_id', 'window_id'])
      .where(
        'service_id',
        'in',
        services.map((s) => s.id),
      )
      .execute();
    for (const l of links) serviceWindows.get(l.service_id)!.add(l.window_id);
  }
  const active = await db
    .selectFrom('queue_windows')
    .select(['id', 'name'])
    .where('is_active', '=', true)
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
  const anywhere = [...serviceWindows.values()].some((w) => w.size === 0);
  const windows = active.filter((w) => anywhere || [...serviceWindows.values()].some((set) => set.has(w.id)));
  const held = await db
    .selectFrom('queue_tickets')
    .select(['id', 'code'])
    .where('operator_id', '=', userId)
    .where('state', 'in', HELD_STATES)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return {
    userId,
    services,
    serviceWindows,
    windows,
    window: active.find((w) => w.id === placeWindowId) ?? null,
    status,
    held: held ?? null,
  };
}

/** Whether a queue is served at the operator's window (a queue with no windows: at any). */
export function atMyWindow(desk: OperatorDesk, serviceId: number): boolean {
  const windows = desk.serviceWindows.get(serviceId);
  if (!windows) return false;
  return windows.size === 0 || (desk.window !== null && windows.has(desk.window.id));
}

/**
 * Why Call next is not possible now (null: it is), the first reason of: busy, no queues, no window
 * (none chosen, or none of the operator's queues is served at it any more), status.
 */
export function blockedBy(desk: OperatorDesk): OperatorPanel['blockedBy'] {
  if (desk.held) return 'busy';
  if (!desk.services.length) return 'no_services';
  if (!desk.window || !desk.services.some((s) => atMyWindow(desk, s.id))) return 'no_window';
  if (!desk.status.status?.isTakingClients) return 'status';
  return null;
}

/** Waiting tickets per queue, of today's line (`todayFrom`: see inTodaysLine). */
export async function waitingCounts(
  db: Db,
  serviceIds: number[],
  todayFrom: string,
): Promise<Map<number, number>> {
  if (!serviceIds.length) return new Map();
  const rows = await db
    .selectFrom('queue_tickets')
    .select(['service_id', sql<number>`count(*)`.as('n')])
    .where('state', '=', 'waiting')
    .where('service_id', 'in', serviceIds)
    .where(inTodaysLine(todayFrom))
    .groupBy('service_id')
    .execute();
  return new Map(rows.map((r) => [r.service_id, Number(r.n)]));
}
