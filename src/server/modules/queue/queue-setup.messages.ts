import type { ModuleMessages } from '../../http/module-messages.js';

/**
 * Error codes and field messages of the queue's setup part (windows, services, devices) and of
 * its statistics, in ru/uk/en. A service's name is passed in all three languages (`nameRu`,
 * `nameUk`, `nameEn`) and each message picks its own.
 */
export const queueSetupMessages = {
  errors: {
    queue_window_name_taken: {
      ru: 'Окно «{name}» уже есть',
      uk: 'Вікно «{name}» вже є',
      en: 'There already is a window "{name}"',
    },
    queue_service_prefix_taken: {
      ru: 'Префикс «{prefix}» уже у другой очереди',
      uk: 'Префікс «{prefix}» вже має інша черга',
      en: 'Another queue already has the prefix "{prefix}"',
    },
    queue_service_in_use: {
      ru: 'По очереди «{nameRu}» уже выдавались талоны, поэтому удалить её нельзя. Сделайте её неактивной',
      uk: 'Черга «{nameUk}» вже видавала талони, тому видалити її не можна. Зробіть її неактивною',
      en: 'The queue "{nameEn}" has issued tickets, so it cannot be deleted. Deactivate it instead',
    },
    queue_service_on_device: {
      ru: 'Очередь «{nameRu}» — единственная на устройстве «{device}». Сначала измените устройство',
      uk: 'Черга «{nameUk}» — єдина на пристрої «{device}». Спершу змініть пристрій',
      en: 'The queue "{nameEn}" is the only one of the device "{device}". Change the device first',
    },
    queue_device_invalid: {
      ru: 'Устройство не распознано: ключ неверный, заменён или устройство отключено',
      uk: 'Пристрій не розпізнано: ключ невірний, замінений або пристрій вимкнено',
      en: 'Unknown device: the token is wrong or was replaced, or the device is turned off',
    },
  },
  fields: {
    queue_prefix: {
      ru: 'Префикс: 1–3 буквы или цифры',
      uk: 'Префікс: 1–3 літери або цифри',
      en: 'Prefix: 1–3 letters or digits',
    },
    queue_window_name_taken: {
      ru: 'Окно с таким названием уже есть',
      uk: 'Вікно з такою назвою вже є',
      en: 'There already is a window with this name',
    },
    queue_service_prefix_taken: {
      ru: 'Этот префикс уже у другой очереди',
      uk: 'Цей префікс вже має інша черга',
      en: 'Another queue already has this prefix',
    },
    queue_operators_unknown: {
      ru: 'Нет таких активных пользователей: {ids}',
      uk: 'Немає таких активних користувачів: {ids}',
      en: 'No such active users: {ids}',
    },
    queue_windows_unknown: {
      ru: 'Нет таких окон: {ids}',
      uk: 'Немає таких вікон: {ids}',
      en: 'No such windows: {ids}',
    },
    queue_services_unknown: {
      ru: 'Нет таких очередей: {ids}',
      uk: 'Немає таких черг: {ids}',
      en: 'No such queues: {ids}',
    },
    queue_stats_order: {
      ru: 'Начало периода не может быть позже его конца',
      uk: 'Початок періоду не може бути пізніше за його кінець',
      en: 'The period cannot start after it ends',
    },
    queue_stats_too_long: {
      ru: 'Период — не более {days} дней',
      uk: 'Період — не більше {days} днів',
      en: 'The period is at most {days} days',
    },
  },
} satisfies ModuleMessages;
