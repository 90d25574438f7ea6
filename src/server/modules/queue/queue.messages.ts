import type { ModuleMessages } from '../../http/module-messages.js';
import { queueSetupMessages } from './queue-setup.messages.js';
import { queueTicketsMessages } from './queue-tickets.messages.js';

/** Error codes (`errors`) and field messages (`fields`) of the electronic queue, in ru/uk/en. */
export const queueMessages = {
  errors: { ...queueSetupMessages.errors, ...queueTicketsMessages.errors },
  fields: { ...queueSetupMessages.fields, ...queueTicketsMessages.fields },
} satisfies ModuleMessages;
