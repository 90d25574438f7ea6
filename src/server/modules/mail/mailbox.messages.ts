import type { ModuleMessages } from '../../http/module-messages.js';

/** Error codes (`errors`) and field messages (`fields`) of the mail module's mailbox part, in ru/uk/en. */
export const mailboxMessages = {
  errors: {
    mailbox_disabled: {
      ru: 'Получение почты для пользователя не настроено: нужны параметр «Получать корпоративную почту» и e-mail с паролем почтового ящика у работника',
      uk: 'Отримання пошти для користувача не налаштовано: потрібні параметр «Отримувати корпоративну пошту» та e-mail з паролем поштової скриньки у працівника',
      en: "Receiving mail is not set up for the user: it needs the “Receive corporate mail” parameter and the employee's e-mail with a mailbox password",
    },
    mailbox_sync_failed: {
      ru: 'Не удалось получить почту: {error}',
      uk: 'Не вдалося отримати пошту: {error}',
      en: 'Could not fetch mail: {error}',
    },
    mail_not_unsorted: {
      ru: 'Письмо уже разобрано',
      uk: 'Лист уже розібрано',
      en: 'The letter is already sorted',
    },
  },
  fields: {
    folder_name: {
      ru: 'Имя папки не может содержать переводы строк',
      uk: 'Назва теки не може містити переведення рядка',
      en: 'A folder name cannot contain line breaks',
    },
    mail_contact_other_client: {
      ru: 'Контактное лицо относится к другому клиенту',
      uk: 'Контактна особа належить іншому клієнту',
      en: 'The contact person belongs to another client',
    },
  },
} satisfies ModuleMessages;
