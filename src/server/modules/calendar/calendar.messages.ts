import type { ModuleMessages } from '../../http/module-messages.js';
import type { Locale } from '../../../shared/locale.js';

/** Error codes (`errors`) and field messages (`fields`) of the calendar module, in ru/uk/en. */
export const calendarMessages = {
  errors: {},
  fields: {
    calendar_range_order: {
      ru: 'Конец периода должен быть позже начала',
      uk: 'Кінець періоду має бути пізніше за початок',
      en: 'The end of the period must be after its start',
    },
    calendar_range_too_long: {
      ru: 'Период не длиннее {days} дней',
      uk: 'Період не довший за {days} днів',
      en: 'The period may be at most {days} days long',
    },
  },
} satisfies ModuleMessages;

/** Texts inside the ICS feed, in the feed owner's language. */
export const calendarTexts: Record<Locale, { name: string; deadline: string; taskCategory: string }> = {
  ru: { name: 'Картотека — {user}', deadline: 'Срок: {number} {title}', taskCategory: 'Задача' },
  uk: { name: 'Картотека — {user}', deadline: 'Термін: {number} {title}', taskCategory: 'Задача' },
  en: { name: 'Kartoteka — {user}', deadline: 'Due: {number} {title}', taskCategory: 'Task' },
};
