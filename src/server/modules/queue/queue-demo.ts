import type { Insertable } from 'kysely';
import type { QueueTicketsTable } from '../../db/schema.js';
import type { Services } from '../../services.js';
import type { AppContext } from '../../context.js';
import { dayBounds, localDay, ticketCode } from './queue-ticket-day.js';

const DAY = 86_400_000;
const MINUTE = 60_000;
/** Past days of tickets, so the statistics have something to show. */
const HISTORY_DAYS = 6;

/** The addresses of the demo kiosk and board (their tokens are shown only here). */
export interface QueueDemo {
  kioskUrl: string;
  boardUrl: string;
}

/**
 * The demo front office: three windows, three queues served by the demo users and the first
 * administrator, a kiosk, a board, and the last days' tickets (served, a few no-shows) for the
 * statistics. The same every time (a fixed pseudo-random sequence).
 */
export async function loadQueueDemo(
  ctx: AppContext,
  services: Services,
  operators: { all: number[]; senior: number[] },
  adminId: number,
): Promise<QueueDemo> {
  const setup = services.queueSetup;
  const windows = [];
  for (const name of ['Окно 1', 'Окно 2', 'Окно 3'])
    windows.push(await setup.createWindow({ name, isActive: true, sortOrder: windows.length * 10 }, adminId));
  const queues = [
    {
      nameRu: 'Консультация',
      nameUk: 'Консультація',
      nameEn: 'Consultation',
      prefix: 'A',
      priority: 0,
      operatorIds: operators.all,
      windowIds: [],
    },
    {
      nameRu: 'Оплата и документы',
      nameUk: 'Оплата та документи',
      nameEn: 'Payments and documents',
      prefix: 'B',
      priority: 0,
      operatorIds: operators.all,
      windowIds: [windows[0]!.id, windows[1]!.id],
    },
    {
      nameRu: 'Корпоративные клиенты',
      nameUk: 'Корпоративні клієнти',
      nameEn: 'Corporate clients',
      prefix: 'V',
      priority: 10,
      operatorIds: operators.senior,
      windowIds: [windows[2]!.id],
    },
  ];
  const created = [];
  for (const [i, q] of queues.entries())
    created.push(
      await setup.createService({ ...q, isDailyReset: true, isActive: true, sortOrder: i * 10 }, adminId),
    );
  const kiosk = await services.queueDevices.create(
    { name: 'Киоск у входа', kind: 'kiosk', ticketsPerMinute: 30, serviceIds: [], isActive: true },
    adminId,
  );
  const board = await services.queueDevices.create(
    { name: 'Табло в зале', kind: 'board', ticketsPerMinute: 30, serviceIds: [], isActive: true },
    adminId,
  );

  // The last days, from 09:00 in the enterprise's time zone: a ticket every few minutes per queue.
  const timeZone = await services.enterprise.timeZone();
  let seed = 20_261_128;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const rows: Insertable<QueueTicketsTable>[] = [];
  const counters: { service_id: number; day: string; last_number: number }[] = [];
  for (let back = HISTORY_DAYS; back >= 1; back--) {
    const day = localDay(new Date(Date.now() - back * DAY), timeZone);
    const opens = Date.parse(dayBounds(day, timeZone).from) + 9 * 60 * MINUTE;
    for (const service of created) {
      const count = 12 + Math.floor(random() * 18);
      const staff = service.operatorIds;
      for (let n = 1; n <= count; n++) {
        const issued = opens + n * (10 + random() * 15) * MINUTE;
        const called = issued + (1 + random() * 20) * MINUTE;
        const noShow = random() < 0.08;
        const serving = called + MINUTE;
        const finished = noShow ? called + 2 * MINUTE : serving + (3 + random() * 12) * MINUTE;
        const iso = (ms: number) => new Date(ms).toISOString();
        rows.push({
          service_id: service.id,
          day,
          number: n,
          code: ticketCode(service.prefix, n),
          state: noShow ? 'no_show' : 'done',
          issued_at: iso(issued),
          queued_at: iso(issued),
          first_called_at: iso(called),
          called_at: iso(called),
          serving_at: noShow ? null : iso(serving),
          finished_at: iso(finished),
          call_count: noShow ? 2 : 1,
          operator_id: staff[Math.floor(random() * staff.length)] ?? null,
          window_id: (service.windowIds.length ? service.windowIds : windows.map((w) => w.id))[0] ?? null,
          updated_at: iso(finished),
        });
      }
      counters.push({ service_id: service.id, day, last_number: count });
    }
  }
  const db = ctx.database.db;
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 200)
      await trx
        .insertInto('queue_tickets')
        .values(rows.slice(i, i + 200))
        .execute();
    await trx.insertInto('queue_counters').values(counters).execute();
  });
  return { kioskUrl: kiosk.url, boardUrl: board.url };
}
