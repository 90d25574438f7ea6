import type { ModuleMessages } from '../../http/module-messages.js';

/** Error codes and field messages of the queue's tickets part, in ru/uk/en. */
export const queueTicketsMessages = {
  errors: {},
  fields: {},
} satisfies ModuleMessages;
