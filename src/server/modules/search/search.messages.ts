import type { ModuleMessages } from '../../http/module-messages.js';

/** Error codes (`errors`) and field messages (`fields`) of the search module, in ru/uk/en. */
export const searchMessages = {
  errors: {},
  fields: {
    doc_type_list: {
      ru: 'Перечислите через запятую: client, project, event, task',
      uk: 'Перелічіть через кому: client, project, event, task',
      en: 'A comma-separated list of: client, project, event, task',
    },
  },
} satisfies ModuleMessages;
