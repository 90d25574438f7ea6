import type { ModuleMessages } from '../../http/module-messages.js';

/** Error codes (`errors`) and field messages (`fields`) of the calendar module, in ru/uk/en. */
export const calendarMessages = {
  errors: {},
  fields: {},
} satisfies ModuleMessages;
