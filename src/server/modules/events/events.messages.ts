import type { ModuleMessages } from '../../http/module-messages.js';
import type { Locale } from '../../../shared/locale.js';
import type { EventStatus } from '../../../shared/schemas/card-files.js';

/** Error codes (`errors`) and field messages (`fields`) of the events module, in ru/uk/en. */
export const eventsMessages = {
  errors: {},
  fields: {
    event_datetime: {
      ru: 'Дата и время в формате ISO 8601 с часовым поясом (2025-03-01T09:30:00+02:00)',
      uk: 'Дата й час у форматі ISO 8601 з часовим поясом (2025-03-01T09:30:00+02:00)',
      en: 'A date and time in ISO 8601 with a time zone (2025-03-01T09:30:00+02:00)',
    },
    event_type_unknown: {
      ru: 'Тип события #{id} не найден или отключён',
      uk: 'Тип події #{id} не знайдено або вимкнено',
      en: 'Event type #{id} does not exist or is inactive',
    },
    event_ends_before_start: {
      ru: 'Окончание раньше начала',
      uk: 'Закінчення раніше за початок',
      en: 'The end is before the start',
    },
    event_contact_without_client: {
      ru: 'Контактное лицо указывается вместе с клиентом',
      uk: 'Контактна особа вказується разом із клієнтом',
      en: 'A contact person needs a client',
    },
    event_project_other_client: {
      ru: 'Проект {number} ведётся для другого клиента',
      uk: 'Проєкт {number} ведеться для іншого клієнта',
      en: 'Project {number} is for another client',
    },
    event_unknown: {
      ru: 'Событие #{id} не найдено',
      uk: 'Подію #{id} не знайдено',
      en: 'Event #{id} does not exist',
    },
  },
} satisfies ModuleMessages;

export const eventStatusNames: Record<EventStatus, Record<Locale, string>> = {
  planned: { ru: 'Запланировано', uk: 'Заплановано', en: 'Planned' },
  done: { ru: 'Выполнено', uk: 'Виконано', en: 'Done' },
  cancelled: { ru: 'Отменено', uk: 'Скасовано', en: 'Cancelled' },
};

/** Column headers of the exported list. */
export const eventExportHeaders = {
  number: { ru: 'Номер', uk: 'Номер', en: 'Number' },
  type: { ru: 'Тип', uk: 'Тип', en: 'Type' },
  subject: { ru: 'Тема', uk: 'Тема', en: 'Subject' },
  startsAt: { ru: 'Начало', uk: 'Початок', en: 'Start' },
  endsAt: { ru: 'Окончание', uk: 'Закінчення', en: 'End' },
  status: { ru: 'Состояние', uk: 'Стан', en: 'Status' },
  client: { ru: 'Клиент', uk: 'Клієнт', en: 'Client' },
  project: { ru: 'Проект', uk: 'Проєкт', en: 'Project' },
  performer: { ru: 'Ответственный', uk: 'Відповідальний', en: 'Responsible' },
  journal: { ru: 'Журнал', uk: 'Журнал', en: 'Journal' },
} satisfies Record<string, Record<Locale, string>>;
