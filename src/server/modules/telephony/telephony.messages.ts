import type { ModuleMessages } from '../../http/module-messages.js';

/** Error codes (`errors`) and field messages (`fields`) of telephony, in ru/uk/en. */
export const telephonyMessages = {
  errors: {
    pbx_token_invalid: {
      ru: 'Неверный токен АТС',
      uk: 'Невірний токен АТС',
      en: 'Invalid PBX token',
    },
    pbx_employee_unknown: {
      ru: 'Нет пользователя с SIP-номером «{sipNumber}»',
      uk: 'Немає користувача з SIP-номером «{sipNumber}»',
      en: 'No user has the SIP number "{sipNumber}"',
    },
    pbx_call_unknown: {
      ru: 'Звонок «{callId}» не зарегистрирован: укажите направление, номер и сотрудника',
      uk: 'Дзвінок «{callId}» не зареєстровано: вкажіть напрямок, номер і співробітника',
      en: 'Call "{callId}" was not registered: give its direction, number and employee',
    },
    telephony_no_sip: {
      ru: 'У вас не указан SIP-номер (Настройка → Параметры → Пользователи)',
      uk: 'У вас не вказано SIP-номер (Налаштування → Параметри → Користувачі)',
      en: 'You have no SIP number (Settings → Parameters → Users)',
    },
    telephony_ami_off: {
      ru: 'Звонки из программы выключены: подключение к Asterisk (AMI) не настроено',
      uk: 'Дзвінки з програми вимкнено: підключення до Asterisk (AMI) не налаштовано',
      en: 'Calling from the app is off: the Asterisk (AMI) connection is not set up',
    },
    telephony_ami_failed: {
      ru: 'Asterisk отказал: {reason}',
      uk: 'Asterisk відмовив: {reason}',
      en: 'Asterisk refused: {reason}',
    },
    telephony_ami_unreachable: {
      ru: 'Нет связи с Asterisk (AMI): {reason}',
      uk: 'Немає зв’язку з Asterisk (AMI): {reason}',
      en: 'Cannot reach Asterisk (AMI): {reason}',
    },
    telephony_source_unreadable: {
      ru: 'Не удалось прочитать «{path}»: {reason}',
      uk: 'Не вдалося прочитати «{path}»: {reason}',
      en: 'Cannot read "{path}": {reason}',
    },
    cdr_quotes: {
      ru: 'Кавычки не закрыты или после закрывающей кавычки нет разделителя',
      uk: 'Лапки не закрито або після закривальної лапки немає роздільника',
      en: 'Unbalanced quotes, or no delimiter after a closing quote',
    },
    cdr_column_count: {
      ru: 'Столбцов {count}, а должно быть {expected}',
      uk: 'Стовпців {count}, а має бути {expected}',
      en: '{count} columns, expected {expected}',
    },
    cdr_bad_date: {
      ru: 'Неверная дата в столбце {column}: «{value}» (нужно ГГГГ-ММ-ДД ЧЧ:ММ:СС)',
      uk: 'Неправильна дата в стовпці {column}: «{value}» (потрібно РРРР-ММ-ДД ГГ:ХХ:СС)',
      en: 'Invalid date in column {column}: "{value}" (expected YYYY-MM-DD HH:MM:SS)',
    },
    cdr_bad_number: {
      ru: 'В столбце {column} должно быть целое число секунд, а не «{value}»',
      uk: 'У стовпці {column} має бути ціле число секунд, а не «{value}»',
      en: 'Column {column} must be a whole number of seconds, not "{value}"',
    },
    cdr_header_incomplete: {
      ru: 'В строке заголовка нет столбцов src, dst и calldate (или start): файл не загружен',
      uk: 'У рядку заголовка немає стовпців src, dst і calldate (або start): файл не завантажено',
      en: 'The header row lacks the columns src, dst and calldate (or start): the file was not loaded',
    },
  },
  fields: {
    telephony_cdr_columns: {
      ru: 'Неизвестное имя столбца: допустимы имена Asterisk и FreePBX (src, dst, start, calldate, billsec…) и «-»',
      uk: 'Невідома назва стовпця: допустимі назви Asterisk і FreePBX (src, dst, start, calldate, billsec…) і «-»',
      en: 'Unknown column name: use Asterisk and FreePBX names (src, dst, start, calldate, billsec…) or "-"',
    },
    telephony_cdr_columns_required: {
      ru: 'Нужны столбцы src, dst и start (или calldate)',
      uk: 'Потрібні стовпці src, dst і start (або calldate)',
      en: 'The columns src, dst and start (or calldate) are required',
    },
    telephony_recording_template: {
      ru: 'Адрес вида https://pbx.example.com/monitor/{file}',
      uk: 'Адреса виду https://pbx.example.com/monitor/{file}',
      en: 'A URL such as https://pbx.example.com/monitor/{file}',
    },
    telephony_ami_port: {
      ru: 'Порт от 1 до 65535',
      uk: 'Порт від 1 до 65535',
      en: 'A port from 1 to 65535',
    },
    telephony_ami_channel: {
      ru: 'Шаблон канала должен содержать {sip}, например PJSIP/{sip}',
      uk: 'Шаблон каналу має містити {sip}, наприклад PJSIP/{sip}',
      en: 'The channel template must contain {sip}, e.g. PJSIP/{sip}',
    },
    telephony_ami_host_required: {
      ru: 'Укажите адрес и пользователя AMI, чтобы включить подключение',
      uk: 'Вкажіть адресу та користувача AMI, щоб увімкнути підключення',
      en: 'Enter the AMI host and user to turn the connection on',
    },
    telephony_recording_url: {
      ru: 'Ссылка на запись: адрес http:// или https://',
      uk: 'Посилання на запис: адреса http:// або https://',
      en: 'Recording link: an http:// or https:// address',
    },
    pbx_employee_required: {
      ru: 'Укажите SIP-номер или пользователя',
      uk: 'Вкажіть SIP-номер або користувача',
      en: 'Give a SIP number or a user',
    },
    telephony_number_invalid: {
      ru: 'Номер телефона: цифры, пробелы, + ( ) - и не короче 2 цифр',
      uk: 'Номер телефону: цифри, пробіли, + ( ) - і не коротше 2 цифр',
      en: 'Phone number: digits, spaces, + ( ) - and at least 2 digits',
    },
    pbx_employee_unknown: {
      ru: 'Нет пользователя с SIP-номером «{sipNumber}»',
      uk: 'Немає користувача з SIP-номером «{sipNumber}»',
      en: 'No user has the SIP number "{sipNumber}"',
    },
    telephony_ami_line_break: {
      ru: 'Значение должно быть одной строкой, без переводов строки',
      uk: 'Значення має бути одним рядком, без переведень рядка',
      en: 'Must be a single line, without line breaks',
    },
  },
} satisfies ModuleMessages;
