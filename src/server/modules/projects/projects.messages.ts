import type { ModuleMessages } from '../../http/module-messages.js';

/** Error codes (`errors`) and field messages (`fields`) of the projects module, in ru/uk/en. */
export const projectsMessages = {
  errors: {},
  fields: {},
} satisfies ModuleMessages;
