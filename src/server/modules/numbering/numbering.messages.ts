import type { ModuleMessages } from '../../http/module-messages.js';

/** Error codes (`errors`) and field messages (`fields`) of Настройка → Нумерация, in ru/uk/en. */
export const numberingMessages = {
  errors: {
    numbering_journal_required: {
      ru: 'Для номера нужен журнал документа: шаблон содержит {JOURNAL} или нумерация ведётся по журналам',
      uk: 'Для номера потрібен журнал документа: шаблон містить {JOURNAL} або нумерація ведеться за журналами',
      en: 'The number needs the document’s journal: the template holds {JOURNAL} or numbering is per journal',
    },
    numbering_journal_invalid: {
      ru: 'Журнал #{id} не найден или не предназначен для этого типа документов',
      uk: 'Журнал #{id} не знайдено або він не призначений для цього типу документів',
      en: 'Journal #{id} does not exist or is not meant for this document type',
    },
  },
  fields: {
    numbering_unknown_token: {
      ru: 'Неизвестная метка {token}. Допустимы: {YYYY} {YY} {MM} {DD} {N} {N:6} {JOURNAL}',
      uk: 'Невідома мітка {token}. Допустимі: {YYYY} {YY} {MM} {DD} {N} {N:6} {JOURNAL}',
      en: 'Unknown token {token}. Allowed: {YYYY} {YY} {MM} {DD} {N} {N:6} {JOURNAL}',
    },
    numbering_unbalanced: {
      ru: 'Непарные фигурные скобки: каждая метка пишется как {…}',
      uk: 'Непарні фігурні дужки: кожна мітка пишеться як {…}',
      en: 'Unbalanced braces: every token is written as {…}',
    },
    numbering_pad_width: {
      ru: 'В метке {token} число знаков должно быть от 1 до 12',
      uk: 'У мітці {token} кількість знаків має бути від 1 до 12',
      en: 'In {token} the number of digits must be 1 to 12',
    },
    numbering_counter_missing: {
      ru: 'Шаблон должен содержать счётчик {N} или {N:k}',
      uk: 'Шаблон має містити лічильник {N} або {N:k}',
      en: 'The template must contain the counter {N} or {N:k}',
    },
    numbering_period_tokens: {
      ru: 'Счётчик сбрасывается каждый период, поэтому в номере нужны метки периода: {tokens}',
      uk: 'Лічильник скидається щоперіоду, тому в номері потрібні мітки періоду: {tokens}',
      en: 'The counter restarts every period, so the number needs the period’s tokens: {tokens}',
    },
    numbering_journal_token: {
      ru: 'При отдельной нумерации по журналам в шаблоне нужна метка {JOURNAL}',
      uk: 'За окремої нумерації за журналами в шаблоні потрібна мітка {JOURNAL}',
      en: 'With a separate sequence per journal the template needs the {JOURNAL} token',
    },
    numbering_template_length: {
      ru: 'Шаблон: не более 100 символов',
      uk: 'Шаблон: не більше 100 символів',
      en: 'Template: at most 100 characters',
    },
    numbering_start_value: {
      ru: 'Начальное значение: целое число от 0 до 2147483647',
      uk: 'Початкове значення: ціле число від 0 до 2147483647',
      en: 'Start value: a whole number from 0 to 2147483647',
    },
    numbering_journal_required: {
      ru: 'Укажите журнал: шаблон содержит {JOURNAL} или нумерация ведётся по журналам',
      uk: 'Вкажіть журнал: шаблон містить {JOURNAL} або нумерація ведеться за журналами',
      en: 'Choose a journal: the template holds {JOURNAL} or numbering is per journal',
    },
    numbering_journal_invalid: {
      ru: 'Нет такого журнала для этого типа документов',
      uk: 'Немає такого журналу для цього типу документів',
      en: 'No such journal for this document type',
    },
  },
} satisfies ModuleMessages;
