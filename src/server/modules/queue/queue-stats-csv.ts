import type { ExportColumn } from '../exports/tabular.js';
import type { QueueStatsRow } from '../../../shared/schemas/queue.js';

/** The columns of the statistics' CSV: one line per day, service and operator; times in seconds. */
export const statsCsvColumns: ExportColumn<QueueStatsRow>[] = [
  { header: { ru: 'День', uk: 'День', en: 'Day' }, value: (r) => r.day },
  { header: { ru: 'Очередь', uk: 'Черга', en: 'Queue' }, value: (r) => r.serviceName },
  { header: { ru: 'Оператор', uk: 'Оператор', en: 'Operator' }, value: (r) => r.operatorName },
  { header: { ru: 'Талонов', uk: 'Талонів', en: 'Tickets' }, value: (r) => r.tickets },
  { header: { ru: 'Обслужено', uk: 'Обслуговано', en: 'Served' }, value: (r) => r.served },
  { header: { ru: 'Не явились', uk: 'Не з’явилися', en: 'No-shows' }, value: (r) => r.noShows },
  { header: { ru: 'Перенаправлено', uk: 'Перенаправлено', en: 'Redirected' }, value: (r) => r.redirected },
  {
    header: { ru: 'Ожидание, среднее (с)', uk: 'Очікування, середнє (с)', en: 'Wait, average (s)' },
    value: (r) => r.avgWaitSeconds,
  },
  {
    header: { ru: 'Ожидание, p90 (с)', uk: 'Очікування, p90 (с)', en: 'Wait, p90 (s)' },
    value: (r) => r.p90WaitSeconds,
  },
  {
    header: {
      ru: 'Обслуживание, среднее (с)',
      uk: 'Обслуговування, середнє (с)',
      en: 'Service, average (s)',
    },
    value: (r) => r.avgServiceSeconds,
  },
  {
    header: { ru: 'Обслуживание, p90 (с)', uk: 'Обслуговування, p90 (с)', en: 'Service, p90 (s)' },
    value: (r) => r.p90ServiceSeconds,
  },
];
