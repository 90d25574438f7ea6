import type { ModuleMessages } from '../../http/module-messages.js';

/** Error codes (`errors`) and field messages (`fields`) of the tasks module, in ru/uk/en. */
export const tasksMessages = {
  errors: {},
  fields: {},
} satisfies ModuleMessages;
