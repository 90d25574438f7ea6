import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import type { Services } from '../../services.js';
import { AppError } from '../../http/errors.js';
import { periodMoment } from '../../time/period.js';
import { zoneOffset } from '../../time/zone-offset.js';
import { localName, type Locale } from '../../../shared/locale.js';
import type { QueueStats, QueueStatsQuery, QueueStatsRow } from '../../../shared/schemas/queue.js';
import { FiguresAccumulator } from './queue-stats-figures.js';

/** The longest period the statistics cover at once, in days. */
export const MAX_STATS_DAYS = 366;
/** Ticket rows read per query: the figures grow by numbers, never by a list of all rows. */
const CHUNK = 5_000;
const DAY_MS = 86_400_000;

/** A ticket row as the statistics read it. */
interface TicketRow {
  id: number;
  service_id: number;
  operator_id: number | null;
  state: string;
  issued_at: string;
  first_called_at: string | null;
  serving_at: string | null;
  finished_at: string | null;
}

/** Statistics per queue, operator and day, and their CSV. */
export class QueueStatsService {
  private readonly db: Kysely<DB>;

  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
  }

  /**
   * The figures of the tickets issued in the period (days in the enterprise's time zone),
   * optionally of one service or operator: per day, service and operator, and summed up by each.
   * Service and operator names are in `locale`.
   */
  async stats(query: QueueStatsQuery, locale: Locale): Promise<QueueStats> {
    assertPeriod(query.from, query.to);
    const timeZone = await this.services.enterprise.timeZone();
    const rows = new Map<string, { day: string; serviceId: number; operatorId: number | null }>();
    const groups = {
      rows: new Map<string, FiguresAccumulator>(),
      byDay: new Map<string, FiguresAccumulator>(),
      byService: new Map<number, FiguresAccumulator>(),
      byOperator: new Map<number | null, FiguresAccumulator>(),
    };
    const total = new FiguresAccumulator();
    const into = <K>(map: Map<K, FiguresAccumulator>, key: K): FiguresAccumulator => {
      let acc = map.get(key);
      if (!acc) map.set(key, (acc = new FiguresAccumulator()));
      return acc;
    };

    for await (const chunk of this.tickets(query, timeZone)) {
      for (const r of chunk) {
        const issued = Date.parse(r.issued_at);
        const day = new Date(issued + zoneOffset(issued, timeZone)).toISOString().slice(0, 10);
        const facts = {
          state: r.state,
          waitSeconds: r.first_called_at === null ? null : (Date.parse(r.first_called_at) - issued) / 1000,
          serviceSeconds:
            r.state === 'done' && r.serving_at !== null && r.finished_at !== null
              ? (Date.parse(r.finished_at) - Date.parse(r.serving_at)) / 1000
              : null,
        };
        const key = `${day}|${r.service_id}|${r.operator_id ?? ''}`;
        if (!rows.has(key)) rows.set(key, { day, serviceId: r.service_id, operatorId: r.operator_id });
        into(groups.rows, key).add(facts);
        into(groups.byDay, day).add(facts);
        into(groups.byService, r.service_id).add(facts);
        into(groups.byOperator, r.operator_id).add(facts);
        total.add(facts);
      }
    }

    const [serviceNames, operatorNames] = await Promise.all([
      this.serviceNames([...groups.byService.keys()], locale),
      this.services.users.briefByIds(groups.byOperator.keys()),
    ]);
    const serviceName = (id: number) => serviceNames.get(id)?.name ?? `#${id}`;
    const operatorName = (id: number | null) => (id === null ? null : (operatorNames.get(id) ?? `#${id}`));
    const serviceRank = (id: number) => serviceNames.get(id)?.rank ?? Number.MAX_SAFE_INTEGER;
    // Operators by name, those never called (no operator) last.
    const byOperatorName = (a: number | null, b: number | null) =>
      a === b
        ? 0
        : a === null
          ? 1
          : b === null
            ? -1
            : operatorName(a)!.localeCompare(operatorName(b)!, locale) || a - b;

    const statRows: QueueStatsRow[] = [...rows.entries()]
      .sort(
        ([, a], [, b]) =>
          a.day.localeCompare(b.day) ||
          serviceRank(a.serviceId) - serviceRank(b.serviceId) ||
          byOperatorName(a.operatorId, b.operatorId),
      )
      .map(([key, r]) => ({
        ...r,
        serviceName: serviceName(r.serviceId),
        operatorName: operatorName(r.operatorId),
        ...groups.rows.get(key)!.figures(),
      }));
    return {
      rows: statRows,
      byDay: [...groups.byDay.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([day, acc]) => ({ day, ...acc.figures() })),
      byService: [...groups.byService.entries()]
        .sort(([a], [b]) => serviceRank(a) - serviceRank(b))
        .map(([serviceId, acc]) => ({ serviceId, serviceName: serviceName(serviceId), ...acc.figures() })),
      byOperator: [...groups.byOperator.entries()]
        .sort(([a], [b]) => byOperatorName(a, b))
        .map(([operatorId, acc]) => ({
          operatorId,
          operatorName: operatorName(operatorId),
          ...acc.figures(),
        })),
      total: total.figures(),
    };
  }

  /** The period's ticket rows, only the columns the figures need, a keyset chunk at a time. */
  private async *tickets(query: QueueStatsQuery, timeZone: string): AsyncGenerator<TicketRow[]> {
    const start = periodMoment(query.from, 'from', timeZone);
    const end = periodMoment(query.to, 'to', timeZone);
    let after: { at: string; id: number } | null = null;
    for (;;) {
      let q = this.db
        .selectFrom('queue_tickets')
        .select([
          'id',
          'service_id',
          'operator_id',
          'state',
          'issued_at',
          'first_called_at',
          'serving_at',
          'finished_at',
        ])
        .where('issued_at', '>=', start)
        .where('issued_at', '<', end)
        .orderBy('issued_at')
        .orderBy('id')
        .limit(CHUNK);
      if (query.serviceId !== undefined) q = q.where('service_id', '=', query.serviceId);
      if (query.operatorId !== undefined) q = q.where('operator_id', '=', query.operatorId);
      if (after) {
        const { at, id } = after;
        q = q.where((eb) =>
          eb.or([eb('issued_at', '>', at), eb.and([eb('issued_at', '=', at), eb('id', '>', id)])]),
        );
      }
      const chunk = await q.execute();
      if (chunk.length) yield chunk;
      if (chunk.length < CHUNK) return;
      const last = chunk[chunk.length - 1]!;
      after = { at: last.issued_at, id: last.id };
    }
  }

  /** Each service's name in `locale` and its place in the services' order. */
  private async serviceNames(
    ids: number[],
    locale: Locale,
  ): Promise<Map<number, { name: string; rank: number }>> {
    if (!ids.length) return new Map();
    const rows = await this.db
      .selectFrom('queue_services')
      .select(['id', 'name_ru', 'name_uk', 'name_en'])
      .where('id', 'in', ids)
      .orderBy('sort_order')
      .orderBy('id')
      .execute();
    return new Map(
      rows.map((r, rank) => [
        r.id,
        { name: localName({ nameRu: r.name_ru, nameUk: r.name_uk, nameEn: r.name_en }, locale), rank },
      ]),
    );
  }
}

/** `from` not after `to`, at most MAX_STATS_DAYS days: else field errors on the two dates. */
function assertPeriod(from: string, to: string): void {
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
  if (days < 1) {
    throw new AppError(
      400,
      'validation_failed',
      {},
      {
        fields: [
          { path: 'from', code: 'queue_stats_order' },
          { path: 'to', code: 'queue_stats_order' },
        ],
      },
    );
  }
  if (days > MAX_STATS_DAYS) {
    throw new AppError(
      400,
      'validation_failed',
      {},
      {
        fields: [{ path: 'to', code: 'queue_stats_too_long', params: { days: MAX_STATS_DAYS } }],
      },
    );
  }
}
