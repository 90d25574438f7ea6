import type { ModuleMessages } from '../../http/module-messages.js';

/** Error codes (`errors`) and field messages (`fields`) of the mail module's mail part, in ru/uk/en. */
export const mailMessages = {
  errors: {
    mail_attachment_not_stored: {
      ru: 'Вложение «{filename}» не сохранено: письмо было больше допустимого размера',
      uk: 'Вкладення «{filename}» не збережено: лист був більшим за допустимий розмір',
      en: 'The attachment “{filename}” was not kept: the letter was over the size limit',
    },
  },
  fields: {
    mail_content_type: {
      ru: 'Тип вложения в виде тип/подтип, например application/pdf (multipart не допускается)',
      uk: 'Тип вкладення у вигляді тип/підтип, наприклад application/pdf (multipart не допускається)',
      en: 'The attachment type as type/subtype, e.g. application/pdf (multipart is not allowed)',
    },
  },
} satisfies ModuleMessages;
