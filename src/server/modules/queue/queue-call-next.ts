import type { Selectable, Transaction } from 'kysely';
import type { DB, QueueServicesTable } from '../../db/schema.js';
import type { Engine } from '../../db/database.js';
import { claimNext } from '../../db/row-claim.js';
import { inTodaysLine } from './queue-ticket-day.js';

const DAY_MS = 86_400_000;

/**
 * Takes the next waiting ticket of `services` for an operator: the highest queue priority first,
 * then the longest in line (queued_at, id). Returns its id, or null when nobody waits.
 *
 * Each queue's head is found by its own probe of the index (state, service_id, queued_at, id), in
 * one statement: ordering all waiting tickets of several queues by the queue's priority would sort
 * every one of them on every call (over 10 000 waiting tickets that halved the calls per second). The best
 * head's queue is then claimed (db/row-claim.ts): on PostgreSQL a head another operator is taking
 * at this moment is skipped for the next ticket of that queue, and a queue emptied meanwhile
 * passes the call on to the next best.
 *
 * A queue numbered per day only looks back a day (a redirected visitor keeps the time they first
 * came): tickets left waiting on earlier days are out of today's line (inTodaysLine) and are not
 * scanned on every call.
 */
export async function claimNextTicket(
  trx: Transaction<DB>,
  engine: Engine,
  services: Selectable<QueueServicesTable>[],
  todayFrom: string,
  take: (id: number) => Promise<boolean>,
): Promise<number | null> {
  const since = new Date(Date.parse(todayFrom) - DAY_MS).toISOString();
  const inLine = (service: Selectable<QueueServicesTable>) => {
    let q = trx
      .selectFrom('queue_tickets')
      .where('queue_tickets.state', '=', 'waiting')
      .where('queue_tickets.service_id', '=', service.id)
      .where(inTodaysLine(todayFrom));
    if (service.is_daily_reset) q = q.where('queue_tickets.queued_at', '>=', since);
    return q;
  };
  const probe = (service: Selectable<QueueServicesTable>) =>
    inLine(service)
      .select(['queue_tickets.id', 'queue_tickets.service_id', 'queue_tickets.queued_at'])
      .orderBy('queue_tickets.queued_at')
      .orderBy('queue_tickets.id')
      .limit(1);
  if (!services.length) return null;
  const [first, ...rest] = services;
  let heads = trx.selectFrom(probe(first!).as('h0')).selectAll();
  for (const [i, service] of rest.entries())
    heads = heads.unionAll(trx.selectFrom(probe(service).as(`h${i + 1}`)).selectAll());
  const priority = new Map(services.map((s) => [s.id, s.priority]));
  const order = (await heads.execute()).sort(
    (a, b) =>
      priority.get(b.service_id)! - priority.get(a.service_id)! ||
      a.queued_at.localeCompare(b.queued_at) ||
      a.id - b.id,
  );
  for (const head of order) {
    // SQLite runs one transaction at a time: the head is still there to take.
    if (engine === 'sqlite') return (await take(head.id)) ? head.id : null;
    const next = await claimNext(
      engine,
      inLine(services.find((s) => s.id === head.service_id)!)
        .select('queue_tickets.id')
        .orderBy('queue_tickets.queued_at')
        .orderBy('queue_tickets.id')
        .limit(1),
      'queue_tickets',
    ).executeTakeFirst();
    if (next && (await take(next.id))) return next.id;
  }
  return null;
}
