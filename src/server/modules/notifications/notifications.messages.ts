import type { ModuleMessages } from '../../http/module-messages.js';

/** Error codes (`errors`) and field messages (`fields`) of notifications, in ru/uk/en. */
export const notificationsMessages = {
  errors: {
    notification_mandatory: {
      ru: 'Эти уведомления обязательны: администратор не разрешает их отключать',
      uk: 'Ці сповіщення обов’язкові: адміністратор не дозволяє їх вимикати',
      en: 'These notifications are mandatory: the administrator does not let them be turned off',
    },
  },
  fields: {
    notification_mandatory: {
      ru: 'Обязательное уведомление: отключить нельзя',
      uk: 'Обов’язкове сповіщення: вимкнути не можна',
      en: 'Mandatory notification: it cannot be turned off',
    },
    notification_recipient_not_allowed: {
      ru: 'Этот получатель не подходит для этого события',
      uk: 'Цей отримувач не підходить для цієї події',
      en: 'This recipient does not apply to this trigger',
    },
    notification_lead_required: {
      // No unit: the page asks for hours before a deadline and minutes before an event.
      ru: 'Укажите время упреждения',
      uk: 'Вкажіть час попередження',
      en: 'Enter the lead time',
    },
    notification_lead_not_applicable: {
      ru: 'Время упреждения задаётся только для сроков и напоминаний',
      uk: 'Час попередження задається лише для термінів і нагадувань',
      en: 'A lead time applies only to deadlines and reminders',
    },
    notification_status_filter_not_applicable: {
      ru: 'Отбор по статусам задаётся только для смены статуса задачи',
      uk: 'Відбір за статусами задається лише для зміни статусу завдання',
      en: 'A status filter applies only to task status changes',
    },
    notification_status_unknown: {
      ru: 'Статус #{id} не найден или отключён',
      uk: 'Статус #{id} не знайдено або вимкнено',
      en: 'Status #{id} does not exist or is inactive',
    },
    notification_user_unknown: {
      ru: 'Пользователь #{id} не найден или отключён',
      uk: 'Користувача #{id} не знайдено або вимкнено',
      en: 'User #{id} does not exist or is inactive',
    },
    notification_trigger_repeated: {
      ru: 'Это событие уже есть в списке',
      uk: 'Ця подія вже є у списку',
      en: 'This trigger is already in the list',
    },
  },
} satisfies ModuleMessages;
