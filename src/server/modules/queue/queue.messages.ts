import type { ModuleMessages } from '../../http/module-messages.js';

/** Error codes (`errors`) and field messages (`fields`) of the electronic queue, in ru/uk/en. */
export const queueMessages = {
  errors: {},
  fields: {},
} satisfies ModuleMessages;
