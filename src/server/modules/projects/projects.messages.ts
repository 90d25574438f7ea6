import type { Locale } from '../../../shared/locale.js';
import type { ProjectKind, ProjectStatus } from '../../../shared/schemas/card-files.js';
import type { ModuleMessages } from '../../http/module-messages.js';

/** Error codes (`errors`) and field messages (`fields`) of the projects module, in ru/uk/en. */
export const projectsMessages = {
  errors: {},
  fields: {
    project_client_required: {
      ru: 'Для внешнего проекта укажите клиента',
      uk: 'Для зовнішнього проєкту вкажіть клієнта',
      en: 'An external project needs a client',
    },
    project_client_internal: {
      ru: 'У внутреннего проекта нет клиента: очистите поле или выберите вид «Внешний»',
      uk: 'У внутрішнього проєкту немає клієнта: очистіть поле або виберіть вид «Зовнішній»',
      en: 'An internal project has no client: clear the field or make the project external',
    },
    project_dates_order: {
      ru: 'Дата окончания не может быть раньше даты начала',
      uk: 'Дата завершення не може бути раніше за дату початку',
      en: 'The end date cannot be before the start date',
    },
    project_unknown: {
      ru: 'Проект #{id} не найден',
      uk: 'Проєкт #{id} не знайдено',
      en: 'Project #{id} not found',
    },
    project_progress_percent: {
      ru: 'Целое число от 0 до 100',
      uk: 'Ціле число від 0 до 100',
      en: 'A whole number from 0 to 100',
    },
  },
} satisfies ModuleMessages;

/** Column headers and values of the exported project list. */
export const projectExportTexts = {
  columns: {
    number: { ru: 'Номер', uk: 'Номер', en: 'Number' },
    name: { ru: 'Название', uk: 'Назва', en: 'Name' },
    kind: { ru: 'Вид', uk: 'Вид', en: 'Kind' },
    status: { ru: 'Состояние', uk: 'Стан', en: 'Status' },
    client: { ru: 'Клиент', uk: 'Клієнт', en: 'Client' },
    manager: { ru: 'Руководитель', uk: 'Керівник', en: 'Manager' },
    journal: { ru: 'Журнал', uk: 'Журнал', en: 'Journal' },
    plannedStart: { ru: 'Начало (план)', uk: 'Початок (план)', en: 'Planned start' },
    plannedEnd: { ru: 'Окончание (план)', uk: 'Завершення (план)', en: 'Planned end' },
    actualStart: { ru: 'Начало (факт)', uk: 'Початок (факт)', en: 'Actual start' },
    actualEnd: { ru: 'Окончание (факт)', uk: 'Завершення (факт)', en: 'Actual end' },
    tasksTotal: { ru: 'Задач', uk: 'Задач', en: 'Tasks' },
    tasksDone: { ru: 'Выполнено задач', uk: 'Виконано задач', en: 'Tasks done' },
    percent: { ru: 'Выполнено, %', uk: 'Виконано, %', en: 'Done, %' },
    createdAt: { ru: 'Создан', uk: 'Створено', en: 'Created' },
  },
  kinds: {
    external: { ru: 'Внешний', uk: 'Зовнішній', en: 'External' },
    internal: { ru: 'Внутренний', uk: 'Внутрішній', en: 'Internal' },
  } satisfies Record<ProjectKind, Record<Locale, string>>,
  statuses: {
    planned: { ru: 'Запланирован', uk: 'Заплановано', en: 'Planned' },
    active: { ru: 'В работе', uk: 'В роботі', en: 'Active' },
    on_hold: { ru: 'Приостановлен', uk: 'Призупинено', en: 'On hold' },
    completed: { ru: 'Завершён', uk: 'Завершено', en: 'Completed' },
    cancelled: { ru: 'Отменён', uk: 'Скасовано', en: 'Cancelled' },
  } satisfies Record<ProjectStatus, Record<Locale, string>>,
} satisfies { columns: Record<string, Record<Locale, string>> } & Record<string, unknown>;
