import type { ModuleMessages } from '../../http/module-messages.js';

/** Error codes and field messages of the queue's setup part, in ru/uk/en. */
export const queueSetupMessages = {
  errors: {},
  fields: {},
} satisfies ModuleMessages;
