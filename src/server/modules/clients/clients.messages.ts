import type { Locale } from '../../../shared/locale.js';
import type { ModuleMessages } from '../../http/module-messages.js';

/** Error codes (`errors`) and field messages (`fields`) of the clients module, in ru/uk/en. */
export const clientsMessages = {
  errors: {},
  fields: {
    tax_id_malformed: {
      ru: 'Код: 8 цифр (ЄДРПОУ), 10 цифр (РНОКПП, ИНН организации) или 12 цифр (ИНН физлица)',
      uk: 'Код: 8 цифр (ЄДРПОУ), 10 цифр (РНОКПП, ІПН організації РФ) або 12 цифр (ІПН фізособи РФ)',
      en: 'Tax id: 8 digits (EDRPOU), 10 digits (RNOKPP, Russian INN of a company) or 12 digits (INN of a person)',
    },
    tax_id_checksum: {
      ru: 'Контрольная цифра кода не сходится. Проверьте код или подтвердите, что он верный',
      uk: 'Контрольна цифра коду не збігається. Перевірте код або підтвердьте, що він правильний',
      en: 'The check digit of the tax id is wrong. Check the code or confirm that it is right',
    },
    phone_no_digit: {
      ru: 'В телефоне нет ни одной цифры',
      uk: 'У телефоні немає жодної цифри',
      en: 'The phone has no digits',
    },
    email_format: {
      ru: 'Неверный адрес e-mail',
      uk: 'Невірна адреса e-mail',
      en: 'Invalid e-mail address',
    },
    phone_country: {
      ru: 'Код страны из двух латинских букв (UA, RU, PL…)',
      uk: 'Код країни з двох латинських літер (UA, RU, PL…)',
      en: 'A two-letter country code (UA, RU, PL…)',
    },
    lookup_empty: {
      ru: 'Укажите телефон, код или e-mail',
      uk: 'Вкажіть телефон, код або e-mail',
      en: 'Give a phone, a tax id or an e-mail',
    },
    client_unknown: {
      ru: 'Клиент #{id} не найден',
      uk: 'Клієнта #{id} не знайдено',
      en: 'Client #{id} not found',
    },
    client_deleted: {
      ru: 'Клиент «{name}» удалён',
      uk: 'Клієнта «{name}» видалено',
      en: 'Client "{name}" has been deleted',
    },
    contact_unknown: {
      ru: 'Контактное лицо #{id} не относится к этому клиенту',
      uk: 'Контактна особа #{id} не належить цьому клієнту',
      en: 'Contact person #{id} does not belong to this client',
    },
    client_merge_self: {
      ru: 'Нельзя объединить карточку саму с собой',
      uk: 'Не можна об’єднати картку саму з собою',
      en: 'A card cannot be merged with itself',
    },
  },
} satisfies ModuleMessages;

/** Column headers of the exported client list. */
export const clientExportHeaders = {
  id: { ru: 'Код записи', uk: 'Код запису', en: 'Id' },
  kind: { ru: 'Вид', uk: 'Вид', en: 'Kind' },
  name: { ru: 'Наименование', uk: 'Найменування', en: 'Name' },
  shortName: { ru: 'Краткое наименование', uk: 'Коротке найменування', en: 'Short name' },
  taxId: { ru: 'ЄДРПОУ / ИНН', uk: 'ЄДРПОУ / ІПН', en: 'Tax id' },
  phones: { ru: 'Телефоны', uk: 'Телефони', en: 'Phones' },
  emails: { ru: 'E-mail', uk: 'E-mail', en: 'E-mails' },
  responsible: { ru: 'Ответственный', uk: 'Відповідальний', en: 'Responsible' },
  tags: { ru: 'Метки', uk: 'Мітки', en: 'Tags' },
  createdAt: { ru: 'Создан', uk: 'Створено', en: 'Created' },
} satisfies Record<string, Record<Locale, string>>;

export const clientKindNames = {
  organization: { ru: 'Организация', uk: 'Організація', en: 'Organisation' },
  person: { ru: 'Физлицо', uk: 'Фізособа', en: 'Person' },
} satisfies Record<string, Record<Locale, string>>;
