import type { CreateEventType, EventType, UpdateEventType } from '../../../shared/schemas/reference-books.js';
import { BookService, entryOf, type Db } from './book.service.js';

/** Типы событий: direction, channel and default duration; telephony, mail and queue use the system codes. */
export class EventTypesService extends BookService<EventType> {
  protected readonly book = 'event_type';
  protected readonly table = 'event_types';
  // The modules that create events by code rely on what a system type means.
  protected readonly systemFixed = ['direction', 'channel'] as const;

  protected async fetch(
    db: Db,
    filter: { ids?: number[]; active?: boolean | undefined },
  ): Promise<EventType[]> {
    let q = db.selectFrom('event_types').selectAll().orderBy('sort_order').orderBy('id');
    if (filter.ids) q = q.where('id', 'in', filter.ids);
    if (filter.active !== undefined) q = q.where('is_active', '=', filter.active);
    return (await q.execute()).map((r) => ({
      ...entryOf(r),
      direction: r.direction as EventType['direction'],
      channel: r.channel as EventType['channel'],
      defaultDurationMinutes: r.default_duration_minutes,
    }));
  }

  create(input: CreateEventType, userId: number): Promise<EventType> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('event_types')
        .values({
          ...(await this.newValues(trx, input)),
          direction: input.direction,
          channel: input.channel,
          default_duration_minutes: input.defaultDurationMinutes,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return this.saved(trx, row.id, null, userId);
    });
  }

  update(id: number, changes: UpdateEventType, userId: number): Promise<EventType> {
    return this.db.transaction().execute(async (trx) => {
      const before = await this.get(id, trx);
      await trx
        .updateTable('event_types')
        .set({
          ...(await this.changedValues(trx, before, changes)),
          ...(changes.direction !== undefined && { direction: changes.direction }),
          ...(changes.channel !== undefined && { channel: changes.channel }),
          ...(changes.defaultDurationMinutes !== undefined && {
            default_duration_minutes: changes.defaultDurationMinutes,
          }),
        })
        .where('id', '=', id)
        .execute();
      return this.saved(trx, id, before, userId);
    });
  }
}
