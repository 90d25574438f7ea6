import type { ModuleMessages } from '../../http/module-messages.js';

/** Error codes (`errors`) and field messages (`fields`) of calculations, in ru/uk/en. */
export const calculationsMessages = {
  errors: {
    calculation_version_conflict: {
      ru: 'Калькуляцию уже изменили (сейчас версия {version}). Откройте её заново и повторите изменения',
      uk: 'Калькуляцію вже змінили (зараз версія {version}). Відкрийте її заново та повторіть зміни',
      en: 'The calculation was changed meanwhile (it is now version {version}). Open it again and redo your changes',
    },
    calculation_syntax: {
      ru: 'Код не компилируется{at}: {message}. Исправьте его, прежде чем включать калькуляцию',
      uk: 'Код не компілюється{at}: {message}. Виправте його, перш ніж вмикати калькуляцію',
      en: 'The code does not compile{at}: {message}. Fix it before enabling the calculation',
    },
    // The script's own words, as its author wrote them.
    calculation_rejected: { ru: '{message}', uk: '{message}', en: '{message}' },
    calculation_failed: {
      ru: 'Калькуляция «{name}» завершилась с ошибкой{at}: {message}',
      uk: 'Калькуляція «{name}» завершилася з помилкою{at}: {message}',
      en: 'The calculation “{name}” failed{at}: {message}',
    },
    calculation_timeout: {
      ru: 'Калькуляция «{name}» не уложилась в отведённое время ({limit} мс)',
      uk: 'Калькуляція «{name}» не вклалася у відведений час ({limit} мс)',
      en: 'The calculation “{name}” ran out of time ({limit} ms)',
    },
    calculation_memory: {
      ru: 'Калькуляции «{name}» не хватило памяти ({limit} МБ)',
      uk: 'Калькуляції «{name}» не вистачило пам’яті ({limit} МБ)',
      en: 'The calculation “{name}” ran out of memory ({limit} MB)',
    },
    // The texts below are what the log of a calculation's errors says (never an HTTP answer).
    calculation_chain_too_deep: {
      ru: 'Слишком длинная цепочка калькуляций (глубина {depth}): последующие калькуляции после сохранения не запущены',
      uk: 'Занадто довгий ланцюжок калькуляцій (глибина {depth}): наступні калькуляції після збереження не запущено',
      en: 'The chain of calculations is too deep (depth {depth}): no further after-save calculation was run',
    },
    calculation_find_type: {
      ru: 'find: неизвестный тип «{type}»; допустимы tasks, events, projects, clients, taskComments',
      uk: 'find: невідомий тип «{type}»; допустимі tasks, events, projects, clients, taskComments',
      en: 'find: unknown type “{type}”; use tasks, events, projects, clients or taskComments',
    },
    calculation_update_type: {
      ru: 'update: неизвестный тип документа «{type}»; допустимы task, event, project',
      uk: 'update: невідомий тип документа «{type}»; допустимі task, event, project',
      en: 'update: unknown document type “{type}”; use task, event or project',
    },
    calculation_system_save_reject: {
      ru: 'reject() не отменяет сохранение, которое записывает система (звонок, письмо): {message}',
      uk: 'reject() не скасовує збереження, яке записує система (дзвінок, лист): {message}',
      en: 'reject() does not undo a save the system records (a call, a letter): {message}',
    },
    calculation_after_save_reject: {
      ru: 'reject() после сохранения ничего не отменяет: {message}',
      uk: 'reject() після збереження нічого не скасовує: {message}',
      en: 'reject() after the save undoes nothing: {message}',
    },
  },
  fields: {
    calc_time_limit: {
      ru: 'Время выполнения: от 10 до 1000 мс',
      uk: 'Час виконання: від 10 до 1000 мс',
      en: 'Time limit: 10 to 1000 ms',
    },
    calc_memory_limit: {
      ru: 'Память: от 2 до 64 МБ',
      uk: 'Пам’ять: від 2 до 64 МБ',
      en: 'Memory limit: 2 to 64 MB',
    },
    calc_code_long: {
      ru: 'Код длиннее 100 000 символов',
      uk: 'Код довший за 100 000 символів',
      en: 'The code is longer than 100,000 characters',
    },
    calc_syntax: {
      ru: 'Строка {line}: {message}',
      uk: 'Рядок {line}: {message}',
      en: 'Line {line}: {message}',
    },
    // A calculation's reject(message, field): its own words next to the field it named.
    calc_rejected: { ru: '{message}', uk: '{message}', en: '{message}' },
  },
} satisfies ModuleMessages;

/** «(строка 3)» after the name of a failed calculation, in the language of who acts. */
export const LINE_AT = {
  ru: ' (строка {line})',
  uk: ' (рядок {line})',
  en: ' (line {line})',
} as const;
