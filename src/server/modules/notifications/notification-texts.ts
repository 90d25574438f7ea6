import { localName, type Locale } from '../../../shared/locale.js';
import type { DocType } from '../../../shared/schemas/card-files.js';
import type { NotificationKind } from '../../../shared/schemas/notifications.js';

/**
 * The words of notifications in ru/uk/en. A notification stores what its text is made of
 * (`NotificationParams`); the text is rendered in the reader's language when it is read, listed
 * or sent, so a user who switches language sees every notification in the new one.
 */

type L = Record<Locale, string>;

/** What a notification's text is made of; every key optional, unknown keys ignored. */
export interface NotificationParams {
  /** The document's number and title when the notification was raised. */
  number?: string;
  title?: string;
  /** Why this reader got it: the recipient role, or `user` (named in the rule). */
  role?: string;
  /** Tasks: status ids of the book; events and projects: status codes. */
  fromStatusId?: number | null;
  toStatusId?: number | null;
  fromStatus?: string | null;
  toStatus?: string | null;
  /** A comment's start (at most COMMENT_EXCERPT characters). */
  excerpt?: string;
  leadMinutes?: number | null;
  deadline?: string | null;
  startsAt?: string | null;
  /** `calculation`: the script's own text and the calculation's name. */
  text?: string;
  calculation?: string;
  [key: string]: string | number | null | undefined;
}

export const COMMENT_EXCERPT = 200;

/** What rendering needs besides the notification: names and the clock of the enterprise. */
export interface TextContext {
  locale: Locale;
  /** Task statuses of the book by id (deleted ones are missing). */
  taskStatuses: Map<number, { nameRu: string; nameUk: string; nameEn: string }>;
  timeZone: string;
}

const DOC_LABELS: Record<DocType, L> = {
  task: { ru: 'Задача', uk: 'Завдання', en: 'Task' },
  event: { ru: 'Событие', uk: 'Подія', en: 'Event' },
  project: { ru: 'Проект', uk: 'Проєкт', en: 'Project' },
  client: { ru: 'Клиент', uk: 'Клієнт', en: 'Client' },
};

const STATUS_CODES: Record<'event' | 'project', Record<string, L>> = {
  event: {
    planned: { ru: 'Запланировано', uk: 'Заплановано', en: 'Planned' },
    done: { ru: 'Выполнено', uk: 'Виконано', en: 'Done' },
    cancelled: { ru: 'Отменено', uk: 'Скасовано', en: 'Cancelled' },
  },
  project: {
    planned: { ru: 'Запланирован', uk: 'Заплановано', en: 'Planned' },
    active: { ru: 'В работе', uk: 'В роботі', en: 'Active' },
    on_hold: { ru: 'Приостановлен', uk: 'Призупинено', en: 'On hold' },
    completed: { ru: 'Завершён', uk: 'Завершено', en: 'Completed' },
    cancelled: { ru: 'Отменён', uk: 'Скасовано', en: 'Cancelled' },
  },
};

/** Each trigger's text: by the reader's role where it says something, else `any`. */
const TEXTS: Record<NotificationKind, Record<string, L> & { any: L }> = {
  task_assigned: {
    performer: {
      ru: 'Вы назначены исполнителем',
      uk: 'Вас призначено виконавцем',
      en: 'You are now the performer',
    },
    controller: {
      ru: 'Вы назначены контролёром',
      uk: 'Вас призначено контролером',
      en: 'You are now the controller',
    },
    any: { ru: 'Задача назначена', uk: 'Завдання призначено', en: 'The task was assigned' },
  },
  task_status_changed: {
    any: {
      ru: 'Статус изменён: {from} → {to}',
      uk: 'Статус змінено: {from} → {to}',
      en: 'Status changed: {from} → {to}',
    },
  },
  task_completed: {
    any: { ru: 'Задача завершена: {to}', uk: 'Завдання завершено: {to}', en: 'The task is done: {to}' },
  },
  task_deadline_soon: {
    any: {
      ru: 'Срок приближается: {deadline}',
      uk: 'Термін наближається: {deadline}',
      en: 'Deadline approaching: {deadline}',
    },
  },
  task_overdue: {
    any: { ru: 'Срок истёк: {deadline}', uk: 'Термін минув: {deadline}', en: 'Overdue since {deadline}' },
  },
  task_comment: {
    any: { ru: 'Комментарий: {excerpt}', uk: 'Коментар: {excerpt}', en: 'Comment: {excerpt}' },
  },
  event_assigned: {
    performer: {
      ru: 'Вы назначены исполнителем события',
      uk: 'Вас призначено виконавцем події',
      en: 'You are now the performer of the event',
    },
    any: {
      ru: 'Вы добавлены в участники события',
      uk: 'Вас додано до учасників події',
      en: 'You were added to the event',
    },
  },
  event_reminder: {
    any: { ru: 'Начало: {startsAt}', uk: 'Початок: {startsAt}', en: 'Starts at {startsAt}' },
  },
  project_added: {
    project_manager: {
      ru: 'Вы назначены руководителем проекта',
      uk: 'Вас призначено керівником проєкту',
      en: 'You are now the project manager',
    },
    any: {
      ru: 'Вы добавлены в участники проекта',
      uk: 'Вас додано до учасників проєкту',
      en: 'You were added to the project',
    },
  },
  project_status_changed: {
    any: {
      ru: 'Статус проекта изменён: {from} → {to}',
      uk: 'Статус проєкту змінено: {from} → {to}',
      en: 'Project status changed: {from} → {to}',
    },
  },
  mail_incoming: {
    any: { ru: 'Новое письмо от клиента', uk: 'Новий лист від клієнта', en: 'New e-mail from a client' },
  },
  call_missed: {
    any: {
      ru: 'Пропущенный звонок от клиента',
      uk: 'Пропущений дзвінок від клієнта',
      en: 'Missed call from a client',
    },
  },
  calculation: {
    any: {
      ru: '{text} (калькуляция «{calculation}»)',
      uk: '{text} (калькуляція «{calculation}»)',
      en: '{text} (calculation “{calculation}”)',
    },
  },
};

const DATE_LOCALES: Record<Locale, string> = { ru: 'ru-RU', uk: 'uk-UA', en: 'en-GB' };
const UNKNOWN: L = { ru: '—', uk: '—', en: '—' };

/** Fills `{name}` placeholders (unknown ones stay as they are). */
export const fillText = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);

function formatMoment(iso: string | null | undefined, ctx: TextContext): string {
  const at = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(at)) return UNKNOWN[ctx.locale];
  return new Intl.DateTimeFormat(DATE_LOCALES[ctx.locale], {
    timeZone: ctx.timeZone,
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(at);
}

function statusName(docType: DocType, p: NotificationParams, which: 'from' | 'to', ctx: TextContext) {
  if (docType === 'task') {
    const id = which === 'from' ? p.fromStatusId : p.toStatusId;
    if (typeof id !== 'number') return UNKNOWN[ctx.locale];
    const entry = ctx.taskStatuses.get(id);
    return entry ? localName(entry, ctx.locale) : `#${id}`;
  }
  const code = which === 'from' ? p.fromStatus : p.toStatus;
  if (!code) return UNKNOWN[ctx.locale];
  const names = docType === 'event' || docType === 'project' ? STATUS_CODES[docType][code] : undefined;
  return names ? names[ctx.locale] : code;
}

/** e.g. «Задача З-000012: Подготовить договор». */
export function notificationTitle(docType: DocType, p: NotificationParams, locale: Locale): string {
  const label = DOC_LABELS[docType][locale];
  const head = p.number ? `${label} ${p.number}` : label;
  return p.title ? `${head}: ${p.title}` : head;
}

/** e.g. «Статус изменён: Новая → В работе». */
export function notificationText(
  trigger: NotificationKind,
  docType: DocType,
  p: NotificationParams,
  ctx: TextContext,
): string {
  const texts = TEXTS[trigger];
  const template = (p.role && texts[p.role]) || texts.any;
  return fillText(template[ctx.locale], {
    from: statusName(docType, p, 'from', ctx),
    to: statusName(docType, p, 'to', ctx),
    excerpt: p.excerpt ?? '',
    deadline: formatMoment(p.deadline, ctx),
    startsAt: formatMoment(p.startsAt, ctx),
    text: p.text ?? '',
    calculation: p.calculation ?? '',
  });
}

/** The document's page in the web app, relative to the public URL. */
export function documentPath(docType: DocType, docId: number): string {
  return `/${docType}s/${docId}`;
}

/** Words of the e-mail letters. */
export const LETTER_TEXTS = {
  open: { ru: 'Открыть', uk: 'Відкрити', en: 'Open' },
  digestSubject: {
    ru: 'Картотека: уведомления ({count})',
    uk: 'Картотека: сповіщення ({count})',
    en: 'Kartoteka: notifications ({count})',
  },
  more: { ru: '…и ещё {count}', uk: '…і ще {count}', en: '…and {count} more' },
  footer: {
    ru: 'Настроить уведомления: {url}',
    uk: 'Налаштувати сповіщення: {url}',
    en: 'Notification settings: {url}',
  },
} satisfies Record<string, L>;
