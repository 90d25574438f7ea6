import type { ModuleMessages } from '../../http/module-messages.js';

/** Error codes (`errors`) and field messages (`fields`) of data access, in ru/uk/en. */
export const accessMessages = {
  errors: {
    admin_role_access: {
      ru: 'Роль «Администратор» имеет полный доступ; её права не настраиваются',
      uk: 'Роль «Адміністратор» має повний доступ; її права не налаштовуються',
      en: 'The administrator role has full access; its rights are not configurable',
    },
    admin_only: {
      ru: 'Это может делать только администратор',
      uk: 'Це може робити лише адміністратор',
      en: 'Only an administrator may do this',
    },
  },
  fields: {
    journal_not_writable: {
      ru: 'Нет права записи в журнал #{id}',
      uk: 'Немає права запису в журнал #{id}',
      en: 'You may not write to journal #{id}',
    },
    journal_wrong_type: {
      ru: 'Журнал #{id} не найден',
      uk: 'Журнал #{id} не знайдено',
      en: 'Journal #{id} does not exist',
    },
  },
} satisfies ModuleMessages;
