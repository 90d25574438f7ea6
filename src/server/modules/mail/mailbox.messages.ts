import type { ModuleMessages } from '../../http/module-messages.js';

/** Error codes (`errors`) and field messages (`fields`) of the mail module's mailbox part, in ru/uk/en. */
export const mailboxMessages = {
  errors: {},
  fields: {},
} satisfies ModuleMessages;
