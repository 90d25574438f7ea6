import type { ModuleMessages } from '../../http/module-messages.js';

/** Error codes (`errors`) and field messages (`fields`) of the events module, in ru/uk/en. */
export const eventsMessages = {
  errors: {},
  fields: {},
} satisfies ModuleMessages;
