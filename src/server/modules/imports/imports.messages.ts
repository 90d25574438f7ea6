import type { ModuleMessages } from '../../http/module-messages.js';

/** Error codes (`errors`) and field messages (`fields`) of the imports module, in ru/uk/en. */
export const importsMessages = {
  errors: {
    import_file_unreadable: {
      ru: 'Не удалось прочитать файл (ожидается CSV или XLSX): {reason}',
      uk: 'Не вдалося прочитати файл (очікується CSV або XLSX): {reason}',
      en: 'Could not read the file (CSV or XLSX expected): {reason}',
    },
    import_file_too_wide: {
      ru: 'В файле заполнены столбцы дальше {limit}-го: загружается не больше {limit} столбцов',
      uk: 'У файлі заповнено стовпці далі {limit}-го: завантажується не більше {limit} стовпців',
      en: 'The file has data beyond column {limit}; at most {limit} columns can be imported',
    },
    import_file_too_long: {
      ru: 'В файле больше {limit} строк: разделите его на части',
      uk: 'У файлі більше {limit} рядків: розділіть його на частини',
      en: 'The file has more than {limit} rows; split it into parts',
    },
    import_file_empty: {
      ru: 'В файле нет строк с данными',
      uk: 'У файлі немає рядків з даними',
      en: 'The file has no data rows',
    },
  },
  fields: {
    import_column_unknown: {
      ru: 'В файле нет столбца «{column}»',
      uk: 'У файлі немає стовпця «{column}»',
      en: 'The file has no column "{column}"',
    },
    import_name_unmapped: {
      ru: 'Укажите столбец с наименованием клиента',
      uk: 'Вкажіть стовпець з найменуванням клієнта',
      en: 'Choose the column with the client’s name',
    },
    import_sheet_unknown: {
      ru: 'В книге нет листа «{sheet}» (есть: {sheets})',
      uk: 'У книзі немає аркуша «{sheet}» (є: {sheets})',
      en: 'The workbook has no sheet "{sheet}" (it has: {sheets})',
    },
    import_kind_unknown: {
      ru: 'Вид клиента «{value}» не распознан: укажите «организация» или «физлицо»',
      uk: 'Вид клієнта «{value}» не розпізнано: вкажіть «організація» або «фізособа»',
      en: 'Client kind "{value}" is not recognised: write "organisation" or "person"',
    },
    import_contact_name_required: {
      ru: 'У контактного лица есть телефон, e-mail или должность, но нет имени',
      uk: 'Контактна особа має телефон, e-mail або посаду, але не має імені',
      en: 'The contact person has a phone, e-mail or position but no name',
    },
    // Said alike whether the client is hidden or only read-only: the row must not reveal it.
    import_client_not_editable: {
      ru: 'Строка совпадает с клиентом, которого у вас нет права изменять',
      uk: 'Рядок збігається з клієнтом, якого у вас немає права змінювати',
      en: 'The row matches a client you have no right to change',
    },
  },
} satisfies ModuleMessages;
