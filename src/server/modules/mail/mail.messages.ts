import type { ModuleMessages } from '../../http/module-messages.js';

/** Error codes (`errors`) and field messages (`fields`) of the mail module's mail part, in ru/uk/en. */
export const mailMessages = {
  errors: {},
  fields: {},
} satisfies ModuleMessages;
