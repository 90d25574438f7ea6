import type { ModuleMessages } from '../../http/module-messages.js';

/** Error codes (`errors`) and field messages (`fields`) of the tasks module, in ru/uk/en. */
export const tasksMessages = {
  errors: {
    task_final_locked: {
      ru: 'Задача в конечном статусе «{statusRu}» не редактируется. Сначала верните её в работу',
      uk: 'Задача в кінцевому статусі «{statusUk}» не редагується. Спершу поверніть її в роботу',
      en: 'The task is in the final status “{statusEn}” and cannot be changed. Reopen it first',
    },
    task_transition_refused: {
      ru: 'Переход из статуса «{fromRu}» в «{toRu}» не разрешён',
      uk: 'Перехід зі статусу «{fromUk}» до «{toUk}» не дозволено',
      en: 'Moving from “{fromEn}” to “{toEn}” is not allowed',
    },
    task_comment_not_author: {
      ru: 'Изменить или удалить комментарий может только его автор',
      uk: 'Змінити або видалити коментар може лише його автор',
      en: 'Only the author of a comment may change or delete it',
    },
    task_checklist_full: {
      ru: 'В чек-листе не может быть больше {max} пунктов',
      uk: 'У чек-листі не може бути більше {max} пунктів',
      en: 'A checklist holds at most {max} items',
    },
  },
  fields: {
    task_datetime: {
      ru: 'Дата и время в формате ISO 8601 с часовым поясом',
      uk: 'Дата й час у форматі ISO 8601 з часовим поясом',
      en: 'A date and time in ISO 8601 with a time zone',
    },
    task_deadline_before_start: {
      ru: 'Срок не может быть раньше начала',
      uk: 'Термін не може бути раніше за початок',
      en: 'The deadline cannot be before the start',
    },
    task_project_other_client: {
      ru: 'Проект {number} ведётся для другого клиента',
      uk: 'Проєкт {number} ведеться для іншого клієнта',
      en: 'Project {number} is for another client',
    },
    task_status_unknown: {
      ru: 'Статус задачи #{id} не найден или отключён',
      uk: 'Статус задачі #{id} не знайдено або вимкнено',
      en: 'Task status #{id} does not exist or is inactive',
    },
  },
} satisfies ModuleMessages;
