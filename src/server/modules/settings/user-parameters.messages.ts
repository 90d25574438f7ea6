import type { ModuleMessages } from '../../http/module-messages.js';

/** Error codes (`errors`) and field messages (`fields`) of Настройка → Параметры (users, telephony), in ru/uk/en. */
export const userParametersMessages = {
  errors: {},
  fields: {},
} satisfies ModuleMessages;
