import type { ModuleMessages } from '../../http/module-messages.js';

/** Error codes (`errors`) and field messages (`fields`) of the clients module, in ru/uk/en. */
export const clientsMessages = {
  errors: {},
  fields: {},
} satisfies ModuleMessages;
