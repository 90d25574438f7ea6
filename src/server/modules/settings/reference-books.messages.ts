import type { ModuleMessages } from '../../http/module-messages.js';

/** Error codes (`errors`) and field messages (`fields`) of Настройка → Справочники, in ru/uk/en. */
export const referenceBooksMessages = {
  errors: {},
  fields: {},
} satisfies ModuleMessages;
