import { localName, type Locale } from '../../../shared/locale.js';
import type { TaskPriority } from '../../../shared/schemas/card-files.js';
import type { TaskListItem } from '../../../shared/schemas/tasks.js';
import type { ExportColumn } from '../exports/tabular.js';

type Texts = Record<Locale, string>;

const PRIORITIES: Record<TaskPriority, Texts> = {
  low: { ru: 'Низкий', uk: 'Низький', en: 'Low' },
  normal: { ru: 'Обычный', uk: 'Звичайний', en: 'Normal' },
  high: { ru: 'Высокий', uk: 'Високий', en: 'High' },
  urgent: { ru: 'Срочный', uk: 'Терміновий', en: 'Urgent' },
};
const YES: Texts = { ru: 'да', uk: 'так', en: 'yes' };
const NO: Texts = { ru: 'нет', uk: 'ні', en: 'no' };

/** The columns of GET /api/v1/tasks/export; values that have names are named in the caller's language. */
export function taskExportColumns(locale: Locale): ExportColumn<TaskListItem>[] {
  const statusName = (t: TaskListItem) => localName(t.status, locale);
  return [
    { header: { ru: 'Номер', uk: 'Номер', en: 'Number' }, value: (t) => t.number },
    { header: { ru: 'Задача', uk: 'Задача', en: 'Task' }, value: (t) => t.title },
    { header: { ru: 'Статус', uk: 'Статус', en: 'Status' }, value: statusName },
    {
      header: { ru: 'Приоритет', uk: 'Пріоритет', en: 'Priority' },
      value: (t) => PRIORITIES[t.priority][locale],
    },
    { header: { ru: 'Автор', uk: 'Автор', en: 'Author' }, value: (t) => t.author?.name ?? null },
    {
      header: { ru: 'Исполнитель', uk: 'Виконавець', en: 'Performer' },
      value: (t) => t.performer?.name ?? null,
    },
    {
      header: { ru: 'Контролёр', uk: 'Контролер', en: 'Controller' },
      value: (t) => t.controller?.name ?? null,
    },
    { header: { ru: 'Клиент', uk: 'Клієнт', en: 'Client' }, value: (t) => t.client?.name ?? null },
    { header: { ru: 'Начало', uk: 'Початок', en: 'Start' }, value: (t) => t.startsAt },
    { header: { ru: 'Срок', uk: 'Термін', en: 'Deadline' }, value: (t) => t.deadline },
    { header: { ru: 'Выполнена', uk: 'Виконана', en: 'Completed' }, value: (t) => t.completedAt },
    {
      header: { ru: 'Просрочена', uk: 'Прострочена', en: 'Overdue' },
      value: (t) => (t.isOverdue ? YES : NO)[locale],
    },
    { header: { ru: 'Создана', uk: 'Створена', en: 'Created' }, value: (t) => t.createdAt },
  ];
}
