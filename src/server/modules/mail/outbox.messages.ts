import type { ModuleMessages } from '../../http/module-messages.js';

/**
 * Error codes (`errors`) and field messages (`fields`) of the mail module's outbox part (writing
 * letters, the outbox, templates), in ru/uk/en.
 */
export const outboxMessages = {
  errors: {
    mail_no_mailbox: {
      ru: 'Чтобы отправлять письма, ваш пользователь должен быть связан с работником, у которого заполнены e-mail и пароль почтового ящика',
      uk: 'Щоб надсилати листи, ваш користувач має бути пов’язаний із працівником, у якого заповнені e-mail і пароль поштової скриньки',
      en: 'To send e-mail your user must be linked to an employee with an e-mail address and a mailbox password',
    },
    mail_sender_no_mailbox: {
      ru: 'У работника-отправителя больше нет e-mail или пароля почтового ящика',
      uk: 'У працівника-відправника більше немає e-mail або пароля поштової скриньки',
      en: 'The sending employee no longer has an e-mail address or a mailbox password',
    },
    mail_not_failed: {
      ru: 'Повторить можно только неотправленное письмо (состояние «{status}»)',
      uk: 'Повторити можна лише ненадісланий лист (стан «{status}»)',
      en: 'Only a letter that failed can be retried (its status is "{status}")',
    },
    mail_system_sender_not_set: {
      ru: 'Не настроен системный отправитель: укажите его адрес и пароль (Администратор → Рассылка); письмо ждёт в очереди',
      uk: 'Не налаштовано системного відправника: вкажіть його адресу й пароль (Адміністратор → Розсилка); лист чекає в черзі',
      en: 'The system sender is not set: give its address and password (Administrator → Mailing); the letter waits in the queue',
    },
    mail_template_list_forbidden: {
      ru: 'Все шаблоны, включая отключённые, видят только те, у кого есть доступ к настройкам почты',
      uk: 'Усі шаблони, зокрема вимкнені, бачать лише ті, хто має доступ до налаштувань пошти',
      en: 'Only those with access to the mail settings see every template, inactive ones included',
    },
  },
  fields: {
    mail_link_unknown: {
      ru: 'Документ #{id} не найден',
      uk: 'Документ #{id} не знайдено',
      en: 'Document #{id} does not exist',
    },
    mail_attachment_base64: {
      ru: 'Содержимое вложения должно быть в base64',
      uk: 'Вміст вкладення має бути в base64',
      en: 'The attachment content must be base64',
    },
    mail_attachment_too_large: {
      ru: 'Вложение больше {limit} байт',
      uk: 'Вкладення більше за {limit} байт',
      en: 'The attachment is larger than {limit} bytes',
    },
  },
} satisfies ModuleMessages;
