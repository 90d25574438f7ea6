import type { ModuleMessages } from '../../http/module-messages.js';

/** Error codes (`errors`) and field messages (`fields`) of Настройка → Параметры (users, telephony), in ru/uk/en. */
export const userParametersMessages = {
  errors: {
    sip_number_taken: {
      ru: 'SIP-номер «{sipNumber}» уже закреплён за другим пользователем',
      uk: 'SIP-номер «{sipNumber}» вже закріплений за іншим користувачем',
      en: 'SIP number "{sipNumber}" is already assigned to another user',
    },
  },
  fields: {
    sip_format: {
      ru: 'SIP-номер: до 32 символов — цифры и латинские буквы, а также * # + . _ -',
      uk: 'SIP-номер: до 32 символів — цифри та латинські літери, а також * # + . _ -',
      en: 'SIP number: up to 32 characters — digits and Latin letters, also * # + . _ -',
    },
    sip_taken: {
      ru: 'Этот SIP-номер уже закреплён за другим пользователем',
      uk: 'Цей SIP-номер вже закріплений за іншим користувачем',
      en: 'This SIP number is already assigned to another user',
    },
    telephony_path_format: {
      ru: 'Укажите полный путь: /var/spool/cdr, D:\\cdr или \\\\сервер\\папка',
      uk: 'Вкажіть повний шлях: /var/spool/cdr, D:\\cdr або \\\\сервер\\тека',
      en: 'Enter a full path: /var/spool/cdr, D:\\cdr or \\\\server\\share',
    },
    telephony_path_required: {
      ru: 'Укажите путь к записям звонков, чтобы включить загрузку',
      uk: 'Вкажіть шлях до записів дзвінків, щоб увімкнути завантаження',
      en: 'Enter the path of the call records to turn loading on',
    },
    telephony_min_length: {
      ru: 'Не может быть отрицательным',
      uk: 'Не може бути від’ємним',
      en: 'Cannot be negative',
    },
    telephony_max_length: {
      ru: 'Не больше 64 символов',
      uk: 'Не більше 64 символів',
      en: 'At most 64 characters',
    },
    telephony_poll_interval: {
      ru: 'Интервал опроса: от 5 до 86400 секунд',
      uk: 'Інтервал опитування: від 5 до 86400 секунд',
      en: 'Polling interval: 5 to 86400 seconds',
    },
  },
} satisfies ModuleMessages;
