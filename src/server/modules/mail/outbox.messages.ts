import type { ModuleMessages } from '../../http/module-messages.js';

/** Error codes (`errors`) and field messages (`fields`) of the mail module's outbox part, in ru/uk/en. */
export const outboxMessages = {
  errors: {},
  fields: {},
} satisfies ModuleMessages;
