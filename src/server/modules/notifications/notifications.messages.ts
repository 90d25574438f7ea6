import type { ModuleMessages } from '../../http/module-messages.js';

/** Error codes (`errors`) and field messages (`fields`) of notifications, in ru/uk/en. */
export const notificationsMessages = {
  errors: {},
  fields: {},
} satisfies ModuleMessages;
