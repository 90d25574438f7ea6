import type { ModuleMessages } from '../../http/module-messages.js';

/** Error codes (`errors`) and field messages (`fields`) of the search module, in ru/uk/en. */
export const searchMessages = {
  errors: {},
  fields: {},
} satisfies ModuleMessages;
