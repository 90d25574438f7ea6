import { boardEn, boardRu, boardUk } from './board/board.messages.js';
import { kioskEn, kioskRu, kioskUk } from './kiosk/kiosk.messages.js';
import { operatorEn, operatorRu, operatorUk } from './operator/operator.messages.js';
import { setupEn, setupRu, setupUk } from './setup/setup.messages.js';
import { statsEn, statsRu, statsUk } from './stats/stats.messages.js';
import { ticketsEn, ticketsRu, ticketsUk } from './tickets/tickets.messages.js';

/** Strings of Электронная очередь; t('queue.…'). Each part keeps its own. */
export const queueRu = {
  page: {
    title: 'Электронная очередь',
    tabs: {
      operator: 'Рабочее место оператора',
      tickets: 'Талоны',
      stats: 'Статистика',
      setup: 'Очереди и окна',
      devices: 'Киоски и табло',
    },
  },
  operator: operatorRu,
  tickets: ticketsRu,
  stats: statsRu,
  setup: setupRu,
  kiosk: kioskRu,
  board: boardRu,
};
export const queueUk: typeof queueRu = {
  page: {
    title: 'Електронна черга',
    tabs: {
      operator: 'Робоче місце оператора',
      tickets: 'Талони',
      stats: 'Статистика',
      setup: 'Черги та вікна',
      devices: 'Кіоски та табло',
    },
  },
  operator: operatorUk,
  tickets: ticketsUk,
  stats: statsUk,
  setup: setupUk,
  kiosk: kioskUk,
  board: boardUk,
};
export const queueEn: typeof queueRu = {
  page: {
    title: 'Electronic queue',
    tabs: {
      operator: 'Operator desk',
      tickets: 'Tickets',
      stats: 'Statistics',
      setup: 'Queues and windows',
      devices: 'Kiosks and boards',
    },
  },
  operator: operatorEn,
  tickets: ticketsEn,
  stats: statsEn,
  setup: setupEn,
  kiosk: kioskEn,
  board: boardEn,
};
