import type { ModuleMessages } from '../../http/module-messages.js';

/** Error codes (`errors`) and field messages (`fields`) of webhooks, in ru/uk/en. */
export const webhooksMessages = {
  errors: {},
  fields: {},
} satisfies ModuleMessages;
