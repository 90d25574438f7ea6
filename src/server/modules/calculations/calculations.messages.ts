import type { ModuleMessages } from '../../http/module-messages.js';

/** Error codes (`errors`) and field messages (`fields`) of calculations, in ru/uk/en. */
export const calculationsMessages = {
  errors: {},
  fields: {},
} satisfies ModuleMessages;
