import type { ModuleMessages } from '../../http/module-messages.js';

/** Error codes (`errors`) and field messages (`fields`) of Настройка → Нумерация, in ru/uk/en. */
export const numberingMessages = {
  errors: {},
  fields: {},
} satisfies ModuleMessages;
