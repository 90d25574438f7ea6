import type { ModuleMessages } from '../../http/module-messages.js';

/** Error codes (`errors`) and field messages (`fields`) of the imports module, in ru/uk/en. */
export const importsMessages = {
  errors: {},
  fields: {},
} satisfies ModuleMessages;
