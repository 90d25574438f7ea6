import type { ModuleMessages } from '../../http/module-messages.js';

/**
 * Error codes (`errors`) and field messages (`fields`) of Настройка → Справочники, in ru/uk/en.
 * An entry's name is passed in all three languages (`nameRu`, `nameUk`, `nameEn`) and each
 * message picks its own.
 */
export const referenceBooksMessages = {
  errors: {
    book_code_taken: {
      ru: 'Запись с кодом «{code}» уже есть в справочнике',
      uk: 'Запис з кодом «{code}» вже є в довіднику',
      en: 'The book already has an entry with code "{code}"',
    },
    book_system_entry: {
      ru: 'Системную запись «{nameRu}» нельзя удалить; её можно сделать неактивной',
      uk: 'Системний запис «{nameUk}» не можна видалити; його можна зробити неактивним',
      en: 'The system entry "{nameEn}" cannot be deleted; it can be made inactive',
    },
    book_system_field: {
      ru: 'У системной записи «{nameRu}» нельзя менять код и её собственные признаки',
      uk: 'У системного запису «{nameUk}» не можна змінювати код і його власні ознаки',
      en: 'The code and the own flags of the system entry "{nameEn}" cannot change',
    },
    book_entry_in_use: {
      ru: 'Запись «{nameRu}» используется (ссылок: {count}), поэтому удалить её нельзя. Сделайте её неактивной',
      uk: 'Запис «{nameUk}» використовується (посилань: {count}), тому видалити його не можна. Зробіть його неактивним',
      en: 'The entry "{nameEn}" is in use ({count} references), so it cannot be deleted. Make it inactive instead',
    },
    task_status_initial_taken: {
      ru: 'Начальный статус может быть только один, и это «{nameRu}»',
      uk: 'Початковий статус може бути лише один, і це «{nameUk}»',
      en: 'There can be only one initial status, and it is "{nameEn}"',
    },
    task_status_initial_required: {
      ru: 'Начальный статус «{nameRu}» нужен всегда: его нельзя снять, отключить или удалить',
      uk: 'Початковий статус «{nameUk}» потрібен завжди: його не можна зняти, вимкнути чи видалити',
      en: 'The initial status "{nameEn}" is always needed: it cannot be unset, deactivated or deleted',
    },
    journal_default_required: {
      ru: 'Журнал «{nameRu}» используется по умолчанию; сначала назначьте по умолчанию другой журнал',
      uk: 'Журнал «{nameUk}» використовується за замовчуванням; спершу призначте за замовчуванням інший журнал',
      en: 'The journal "{nameEn}" is the default one; make another journal the default first',
    },
  },
  fields: {
    book_code_format: {
      ru: 'Код: 1–64 символа, латинские строчные буквы, цифры, подчёркивание',
      uk: 'Код: 1–64 символи, латинські малі літери, цифри, підкреслення',
      en: 'Code: 1–64 characters: lowercase Latin letters, digits, underscore',
    },
    book_color_format: {
      ru: 'Цвет в формате #rrggbb',
      uk: 'Колір у форматі #rrggbb',
      en: 'Colour as #rrggbb',
    },
    book_code_taken: {
      ru: 'Этот код уже занят другой записью',
      uk: 'Цей код вже зайнятий іншим записом',
      en: 'This code is already used by another entry',
    },
    book_system_fixed: {
      ru: 'У системной записи это поле не меняется',
      uk: 'У системного запису це поле не змінюється',
      en: 'This field of a system entry cannot change',
    },
    book_initial_taken: {
      ru: 'Начальный статус уже есть: «{nameRu}»',
      uk: 'Початковий статус вже є: «{nameUk}»',
      en: 'There already is an initial status: "{nameEn}"',
    },
    book_initial_required: {
      ru: 'Начальный статус должен быть всегда и быть активным',
      uk: 'Початковий статус має бути завжди і бути активним',
      en: 'There must always be an active initial status',
    },
    book_initial_final: {
      ru: 'Статус не может быть одновременно начальным и конечным',
      uk: 'Статус не може бути одночасно початковим і кінцевим',
      en: 'A status cannot be both initial and final',
    },
    book_transition_self: {
      ru: 'Переход в тот же статус не указывается',
      uk: 'Перехід у той самий статус не вказується',
      en: 'A status cannot list itself as the next one',
    },
    book_final_to_final: {
      ru: 'Из конечного статуса задачу можно вернуть только в неконечный',
      uk: 'З кінцевого статусу задачу можна повернути лише в некінцевий',
      en: 'A task can leave a final status only for a non-final one',
    },
    book_journal_parent_doc_type: {
      ru: 'Родительский журнал должен быть для того же типа документов',
      uk: 'Батьківський журнал має бути для того самого типу документів',
      en: 'The parent journal must be for the same document type',
    },
    book_journal_cycle: {
      ru: 'Журнал не может быть вложен в самого себя или в свой подчинённый журнал',
      uk: 'Журнал не може бути вкладений у самого себе чи у свій підлеглий журнал',
      en: 'A journal cannot be placed inside itself or inside one of its own journals',
    },
    book_journal_default_inactive: {
      ru: 'Журнал по умолчанию должен быть активным',
      uk: 'Журнал за замовчуванням має бути активним',
      en: 'The default journal must be active',
    },
    book_journal_default_required: {
      ru: 'Назначьте по умолчанию другой журнал — этот признак тогда снимется сам',
      uk: 'Призначте за замовчуванням інший журнал — ця ознака тоді зніметься сама',
      en: 'Make another journal the default — this one then stops being it',
    },
    book_history_field: {
      ru: 'Нет такого поля у документа: {field}',
      uk: 'Немає такого поля в документа: {field}',
      en: 'The document has no such field: {field}',
    },
    book_status_inactive: {
      ru: 'Статус неактивен',
      uk: 'Статус неактивний',
      en: 'The status is inactive',
    },
  },
} satisfies ModuleMessages;
