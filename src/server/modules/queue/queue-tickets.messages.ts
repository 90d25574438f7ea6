import type { ModuleMessages } from '../../http/module-messages.js';
import type { Locale } from '../../../shared/locale.js';

/** Error codes and field messages of the queue's tickets part, in ru/uk/en. */
export const queueTicketsMessages = {
  errors: {
    queue_kiosk_rate_limited: {
      ru: 'Слишком много талонов подряд. Повторите через {seconds} с',
      uk: 'Забагато талонів поспіль. Повторіть за {seconds} с',
      en: 'Too many tickets in a row. Try again in {seconds} s',
    },
    queue_status_not_taking: {
      ru: 'Статус «{status}» не принимает клиентов: выберите статус, в котором вы принимаете клиентов',
      uk: 'Статус «{status}» не приймає клієнтів: оберіть статус, у якому ви приймаєте клієнтів',
      en: 'The status “{status}” does not take clients: choose a status that does',
    },
    queue_no_window: {
      ru: 'Выберите окно, в котором вы принимаете',
      uk: 'Оберіть вікно, у якому ви приймаєте',
      en: 'Choose the window you serve at',
    },
    queue_no_services: {
      ru: 'Вы не назначены ни в одну действующую очередь',
      uk: 'Вас не призначено до жодної чинної черги',
      en: 'You serve no active queue',
    },
    queue_operator_busy: {
      ru: 'Сначала завершите талон {code}',
      uk: 'Спочатку завершіть талон {code}',
      en: 'Finish ticket {code} first',
    },
    queue_not_your_ticket: {
      ru: 'Этот талон обслуживает другой оператор',
      uk: 'Цей талон обслуговує інший оператор',
      en: 'Another operator holds this ticket',
    },
    queue_ticket_state: {
      ru: 'Талон {code} уже в другом состоянии: обновите страницу',
      uk: 'Талон {code} вже в іншому стані: оновіть сторінку',
      en: 'Ticket {code} is in another state now: refresh the page',
    },
    queue_ticket_expired: {
      ru: 'Талон {code} выдан не сегодня: его нельзя вызвать снова',
      uk: 'Талон {code} видано не сьогодні: його не можна викликати знову',
      en: 'Ticket {code} was not issued today: it cannot be called again',
    },
  },
  fields: {
    queue_ticket_service: {
      ru: 'Эта услуга сейчас недоступна',
      uk: 'Ця послуга зараз недоступна',
      en: 'This service is not available now',
    },
    queue_ticket_phone: {
      ru: 'Неверный номер телефона',
      uk: 'Невірний номер телефону',
      en: 'Not a valid phone number',
    },
    queue_ticket_window: {
      ru: 'Окно отключено или в нём не обслуживают ваши очереди',
      uk: 'Вікно вимкнено або в ньому не обслуговують ваші черги',
      en: 'The window is inactive or serves none of your queues',
    },
    queue_ticket_redirect: {
      ru: 'Выберите другую действующую очередь',
      uk: 'Оберіть іншу чинну чергу',
      en: 'Choose another active queue',
    },
  },
} satisfies ModuleMessages;

/**
 * Texts the tickets part writes into records: the «electronic_queue» event on the client card
 * (in the operator's language) and the name of a missing status in a refusal.
 */
export const queueTicketTexts = {
  subject: {
    ru: 'Талон {code} — {service}',
    uk: 'Талон {code} — {service}',
    en: 'Ticket {code} — {service}',
  },
  waited: { ru: 'Ожидание: {time}', uk: 'Очікування: {time}', en: 'Waiting: {time}' },
  served: { ru: 'Обслуживание: {time}', uk: 'Обслуговування: {time}', en: 'Service: {time}' },
  window: { ru: 'Окно: {name}', uk: 'Вікно: {name}', en: 'Window: {name}' },
  operator: { ru: 'Оператор: {name}', uk: 'Оператор: {name}', en: 'Operator: {name}' },
  redirected: {
    ru: 'Перенаправлен из очереди «{service}»',
    uk: 'Перенаправлено з черги «{service}»',
    en: 'Redirected from the queue “{service}”',
  },
  hours: { ru: 'ч', uk: 'год', en: 'h' },
  minutes: { ru: 'мин', uk: 'хв', en: 'min' },
  seconds: { ru: 'с', uk: 'с', en: 's' },
  noStatus: { ru: 'не выбран', uk: 'не обрано', en: 'none' },
} satisfies Record<string, Record<Locale, string>>;
