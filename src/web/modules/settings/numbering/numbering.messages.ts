/** Strings of Настройка → numbering; t('settingsNumbering.…'). Ukrainian and English must have the same keys. */
export const numberingRu = {
  description:
    'Номер присваивается документу при создании. Изменение шаблона не меняет номера уже созданных документов: счётчик продолжается.',
  docTypes: { event: 'События', task: 'Задачи', project: 'Проекты' },
  template: 'Шаблон номера',
  tokensHelp: 'Метки (нажмите, чтобы вставить):',
  tokens: {
    YYYY: 'год, 4 цифры',
    YY: 'год, 2 цифры',
    MM: 'месяц',
    DD: 'день',
    N: 'счётчик',
    N6: 'счётчик, дополненный нулями до 6 знаков (число знаков от 1 до 12)',
    JOURNAL: 'код журнала документа',
  },
  resetPeriod: 'Сброс счётчика',
  periods: { never: 'никогда', yearly: 'ежегодно', monthly: 'ежемесячно', daily: 'ежедневно' },
  startValue: 'Начальное значение',
  isPerJournal: 'Отдельная нумерация по журналам',
  preview: 'Следующий номер',
  previewJournalHint: 'Вместо {JOURNAL} будет подставлен код журнала документа',
  sequenceHint:
    'Новый период сброса или переключение нумерации по журналам начинает новые последовательности с начального значения',
  readOnly: 'Изменять нумерацию может только администратор',
};

export const numberingUk: typeof numberingRu = {
  description:
    'Номер присвоюється документу під час створення. Зміна шаблону не змінює номерів уже створених документів: лічильник продовжується.',
  docTypes: { event: 'Події', task: 'Задачі', project: 'Проєкти' },
  template: 'Шаблон номера',
  tokensHelp: 'Мітки (натисніть, щоб вставити):',
  tokens: {
    YYYY: 'рік, 4 цифри',
    YY: 'рік, 2 цифри',
    MM: 'місяць',
    DD: 'день',
    N: 'лічильник',
    N6: 'лічильник, доповнений нулями до 6 знаків (кількість знаків від 1 до 12)',
    JOURNAL: 'код журналу документа',
  },
  resetPeriod: 'Скидання лічильника',
  periods: { never: 'ніколи', yearly: 'щороку', monthly: 'щомісяця', daily: 'щодня' },
  startValue: 'Початкове значення',
  isPerJournal: 'Окрема нумерація за журналами',
  preview: 'Наступний номер',
  previewJournalHint: 'Замість {JOURNAL} буде підставлено код журналу документа',
  sequenceHint:
    'Новий період скидання або перемикання нумерації за журналами починає нові послідовності з початкового значення',
  readOnly: 'Змінювати нумерацію може лише адміністратор',
};

export const numberingEn: typeof numberingRu = {
  description:
    'A document gets its number when it is created. Changing the template does not renumber existing documents: the counter goes on.',
  docTypes: { event: 'Events', task: 'Tasks', project: 'Projects' },
  template: 'Number template',
  tokensHelp: 'Tokens (click to insert):',
  tokens: {
    YYYY: 'year, 4 digits',
    YY: 'year, 2 digits',
    MM: 'month',
    DD: 'day',
    N: 'counter',
    N6: 'counter padded with zeros to 6 digits (1 to 12 digits)',
    JOURNAL: 'the document’s journal code',
  },
  resetPeriod: 'Counter reset',
  periods: { never: 'never', yearly: 'yearly', monthly: 'monthly', daily: 'daily' },
  startValue: 'Start value',
  isPerJournal: 'Separate sequence per journal',
  preview: 'Next number',
  previewJournalHint: '{JOURNAL} is replaced by the document’s journal code',
  sequenceHint:
    'A new reset period or switching per-journal numbering starts new sequences at the start value',
  readOnly: 'Only an administrator can change numbering',
};
