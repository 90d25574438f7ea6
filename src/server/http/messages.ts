import type { Locale } from '../../shared/locale.js';
import { referenceBooksMessages } from '../modules/settings/reference-books.messages.js';
import { numberingMessages } from '../modules/numbering/numbering.messages.js';
import { userParametersMessages } from '../modules/settings/user-parameters.messages.js';
import { clientsMessages } from '../modules/clients/clients.messages.js';
import { projectsMessages } from '../modules/projects/projects.messages.js';
import { eventsMessages } from '../modules/events/events.messages.js';
import { tasksMessages } from '../modules/tasks/tasks.messages.js';
import { searchMessages } from '../modules/search/search.messages.js';
import { importsMessages } from '../modules/imports/imports.messages.js';
import { calendarMessages } from '../modules/calendar/calendar.messages.js';
import { accessMessages } from '../modules/access/access.messages.js';
import { mailMessages } from '../modules/mail/mail.messages.js';
import { outboxMessages } from '../modules/mail/outbox.messages.js';
import { mailboxMessages } from '../modules/mail/mailbox.messages.js';
import { telephonyMessages } from '../modules/telephony/telephony.messages.js';
import { notificationsMessages } from '../modules/notifications/notifications.messages.js';
import { webhooksMessages } from '../modules/webhooks/webhooks.messages.js';
import { calculationsMessages } from '../modules/calculations/calculations.messages.js';
import { queueMessages } from '../modules/queue/queue.messages.js';

/**
 * Every stable error code with its message in each UI language. `{name}` placeholders are
 * filled from the error's params. Codes never change once released; clients may rely on them.
 */
const foundationErrors = {
  validation_failed: {
    ru: 'Проверьте введённые данные',
    uk: 'Перевірте введені дані',
    en: 'Please check the data you entered',
  },
  invalid_json: {
    ru: 'Тело запроса не является корректным JSON',
    uk: 'Тіло запиту не є коректним JSON',
    en: 'The request body is not valid JSON',
  },
  payload_too_large: {
    ru: 'Запрос слишком большой (не более {limit} байт)',
    uk: 'Запит завеликий (не більше {limit} байт)',
    en: 'The request is too large (at most {limit} bytes)',
  },
  unsupported_media_type: {
    ru: 'Неподдерживаемый тип содержимого',
    uk: 'Непідтримуваний тип вмісту',
    en: 'Unsupported content type',
  },
  bad_request: {
    ru: 'Некорректный запрос',
    uk: 'Некоректний запит',
    en: 'Bad request',
  },
  not_authenticated: {
    ru: 'Требуется вход в систему',
    uk: 'Потрібно увійти в систему',
    en: 'Please sign in',
  },
  invalid_credentials: {
    ru: 'Неверный логин или пароль',
    uk: 'Невірний логін або пароль',
    en: 'Wrong login or password',
  },
  too_many_attempts: {
    ru: 'Слишком много неудачных попыток входа. Повторите через {seconds} с',
    uk: 'Забагато невдалих спроб входу. Повторіть через {seconds} с',
    en: 'Too many failed sign-in attempts. Try again in {seconds} s',
  },
  csrf_failed: {
    ru: 'Запрос отклонён: отсутствует или неверен CSRF-токен. Обновите страницу',
    uk: 'Запит відхилено: відсутній або невірний CSRF-токен. Оновіть сторінку',
    en: 'Request rejected: missing or wrong CSRF token. Reload the page',
  },
  forbidden: {
    ru: 'Недостаточно прав',
    uk: 'Недостатньо прав',
    en: 'You do not have permission to do this',
  },
  not_found: {
    ru: 'Запись не найдена',
    uk: 'Запис не знайдено',
    en: 'Not found',
  },
  route_not_found: {
    ru: 'Нет такого адреса API: {method} {url}',
    uk: 'Немає такої адреси API: {method} {url}',
    en: 'No such API route: {method} {url}',
  },
  login_taken: {
    ru: 'Логин «{login}» уже занят',
    uk: 'Логін «{login}» вже зайнятий',
    en: 'Login "{login}" is already taken',
  },
  role_code_taken: {
    ru: 'Роль с кодом «{code}» уже существует',
    uk: 'Роль з кодом «{code}» вже існує',
    en: 'A role with code "{code}" already exists',
  },
  system_role: {
    ru: 'Системную роль нельзя удалить или изменить её код',
    uk: 'Системну роль не можна видалити чи змінити її код',
    en: 'A system role cannot be deleted and its code cannot change',
  },
  last_admin: {
    ru: 'Нельзя отключить или лишить прав последнего активного администратора',
    uk: 'Не можна вимкнути або позбавити прав останнього активного адміністратора',
    en: 'The last active administrator cannot be deactivated or lose the administrator role',
  },
  employee_in_use: {
    ru: 'Работник связан с пользователями ({logins}); сначала отвяжите их или сделайте работника неактивным',
    uk: 'Працівник пов’язаний з користувачами ({logins}); спочатку відв’яжіть їх або зробіть працівника неактивним',
    en: 'The employee is linked to users ({logins}); unlink them first or make the employee inactive',
  },
  employee_not_found: {
    ru: 'Работник #{id} не найден',
    uk: 'Працівника #{id} не знайдено',
    en: 'Employee #{id} not found',
  },
  mail_server_not_configured: {
    ru: 'Не указан {protocol}-сервер предприятия (Администратор → Предприятия → Рассылка)',
    uk: 'Не вказано {protocol}-сервер підприємства (Адміністратор → Підприємства → Розсилка)',
    en: 'The enterprise {protocol} server is not set (Administrator → Enterprise → Mailing)',
  },
  employee_mailbox_incomplete: {
    ru: 'У работника не заполнены e-mail и пароль почтового ящика',
    uk: 'У працівника не заповнені e-mail і пароль поштової скриньки',
    en: 'The employee has no e-mail or mailbox password',
  },
  internal_error: {
    ru: 'Внутренняя ошибка сервера. Номер запроса: {requestId}',
    uk: 'Внутрішня помилка сервера. Номер запиту: {requestId}',
    en: 'Internal server error. Request id: {requestId}',
  },
  service_unavailable: {
    ru: 'Сервис временно недоступен',
    uk: 'Сервіс тимчасово недоступний',
    en: 'Service temporarily unavailable',
  },
} satisfies Record<string, Record<Locale, string>>;

/** Each module keeps its own messages next to its code; this is the one table of them all. */
export const errorMessages = {
  ...foundationErrors,
  ...referenceBooksMessages.errors,
  ...numberingMessages.errors,
  ...userParametersMessages.errors,
  ...clientsMessages.errors,
  ...projectsMessages.errors,
  ...eventsMessages.errors,
  ...tasksMessages.errors,
  ...searchMessages.errors,
  ...importsMessages.errors,
  ...calendarMessages.errors,
  ...accessMessages.errors,
  ...mailMessages.errors,
  ...outboxMessages.errors,
  ...mailboxMessages.errors,
  ...telephonyMessages.errors,
  ...notificationsMessages.errors,
  ...webhooksMessages.errors,
  ...calculationsMessages.errors,
  ...queueMessages.errors,
};

export type ErrorCode = keyof typeof errorMessages;

/** Field-level messages used by our own schemas (a schema's custom message is one of these keys). */
const foundationFieldMessages = {
  required: { ru: 'Обязательное поле', uk: 'Обов’язкове поле', en: 'Required' },
  cursor_invalid: {
    ru: 'Неверная ссылка на страницу списка; откройте список заново',
    uk: 'Невірне посилання на сторінку списку; відкрийте список заново',
    en: 'Invalid page cursor; open the list again',
  },
  id_list: {
    ru: 'Ожидается список номеров через запятую',
    uk: 'Очікується список номерів через кому',
    en: 'Expected a comma-separated list of ids',
  },
  user_not_assignable: {
    ru: 'Пользователь #{id} не найден или отключён',
    uk: 'Користувача #{id} не знайдено або вимкнено',
    en: 'User #{id} does not exist or is inactive',
  },
  journal_unknown: {
    ru: 'Журнал #{id} не найден, отключён или не для этого типа документов',
    uk: 'Журнал #{id} не знайдено, вимкнено або не для цього типу документів',
    en: 'Journal #{id} does not exist, is inactive or is not for this document type',
  },
  date: { ru: 'Дата в формате ГГГГ-ММ-ДД', uk: 'Дата у форматі РРРР-ММ-ДД', en: 'A date as YYYY-MM-DD' },
  login_format: {
    ru: 'Логин: 2–64 символа, латинские буквы, цифры, точка, дефис, подчёркивание',
    uk: 'Логін: 2–64 символи, латинські літери, цифри, крапка, дефіс, підкреслення',
    en: 'Login: 2–64 characters: Latin letters, digits, dot, hyphen, underscore',
  },
  password_length: {
    ru: 'Пароль: от 8 до 256 символов',
    uk: 'Пароль: від 8 до 256 символів',
    en: 'Password: 8 to 256 characters',
  },
  role_code_format: {
    ru: 'Код: латинские строчные буквы, цифры, дефис, подчёркивание',
    uk: 'Код: латинські малі літери, цифри, дефіс, підкреслення',
    en: 'Code: lowercase Latin letters, digits, hyphen, underscore',
  },
  host_format: {
    ru: 'Укажите имя или адрес сервера',
    uk: 'Вкажіть ім’я або адресу сервера',
    en: 'Enter a host name or address',
  },
  time_zone: {
    ru: 'Неизвестный часовой пояс (пример: Europe/Kyiv)',
    uk: 'Невідомий часовий пояс (приклад: Europe/Kyiv)',
    en: 'Unknown time zone (e.g. Europe/Kyiv)',
  },
  taken: { ru: 'Уже занято', uk: 'Вже зайнято', en: 'Already taken' },
  not_found: { ru: 'Не найдено: {ids}', uk: 'Не знайдено: {ids}', en: 'Not found: {ids}' },
  wrong_password: {
    ru: 'Неверный текущий пароль',
    uk: 'Невірний поточний пароль',
    en: 'The current password is wrong',
  },
  phone_format: {
    ru: 'Телефон: цифры, пробелы, +, -, (, )',
    uk: 'Телефон: цифри, пробіли, +, -, (, )',
    en: 'Phone: digits, spaces, +, -, (, )',
  },
} satisfies Record<string, Record<Locale, string>>;

export const fieldMessages = {
  ...foundationFieldMessages,
  ...referenceBooksMessages.fields,
  ...numberingMessages.fields,
  ...userParametersMessages.fields,
  ...clientsMessages.fields,
  ...projectsMessages.fields,
  ...eventsMessages.fields,
  ...tasksMessages.fields,
  ...searchMessages.fields,
  ...importsMessages.fields,
  ...calendarMessages.fields,
  ...accessMessages.fields,
  ...mailMessages.fields,
  ...outboxMessages.fields,
  ...mailboxMessages.fields,
  ...telephonyMessages.fields,
  ...notificationsMessages.fields,
  ...webhooksMessages.fields,
  ...calculationsMessages.fields,
  ...queueMessages.fields,
};

export type FieldMessageKey = keyof typeof fieldMessages;

export function format(template: string, params: Record<string, unknown> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}
