/** Strings of the parts every card shares (history, timeline, pickers); t('cards.…'). */
export const cardsRu = {
  history: {
    empty: 'Изменений пока нет',
    created: 'Создан документ',
    merged: 'Присоединена карточка «{{name}}»',
    changed: '{{field}}: {{from}} → {{to}}',
    columns: { at: 'Когда', user: 'Кто', change: 'Что изменилось' },
  },
  timeline: {
    empty: 'Здесь пока ничего не произошло',
    kinds: { event: 'События', task: 'Задачи', project: 'Проекты', change: 'Изменения' },
    change: { create: 'Карточка создана', update: 'Изменено поле', merge: 'Карточки объединены' },
  },
  more: 'Показать ещё',
  none: '—',
  yes: 'да',
  no: 'нет',
  system: 'система',
  searchPlaceholder: 'Начните вводить для поиска',
  export: { button: 'Экспорт', csv: 'CSV (Excel, LibreOffice)', xlsx: 'Книга Excel (XLSX)' },
};

export const cardsUk: typeof cardsRu = {
  history: {
    empty: 'Змін поки немає',
    created: 'Створено документ',
    merged: 'Приєднано картку «{{name}}»',
    changed: '{{field}}: {{from}} → {{to}}',
    columns: { at: 'Коли', user: 'Хто', change: 'Що змінилося' },
  },
  timeline: {
    empty: 'Тут поки нічого не сталося',
    kinds: { event: 'Події', task: 'Задачі', project: 'Проєкти', change: 'Зміни' },
    change: { create: 'Картку створено', update: 'Змінено поле', merge: 'Картки об’єднано' },
  },
  more: 'Показати ще',
  none: '—',
  yes: 'так',
  no: 'ні',
  system: 'система',
  searchPlaceholder: 'Почніть вводити для пошуку',
  export: { button: 'Експорт', csv: 'CSV (Excel, LibreOffice)', xlsx: 'Книга Excel (XLSX)' },
};

export const cardsEn: typeof cardsRu = {
  history: {
    empty: 'No changes yet',
    created: 'Document created',
    merged: 'Card “{{name}}” merged into this one',
    changed: '{{field}}: {{from}} → {{to}}',
    columns: { at: 'When', user: 'Who', change: 'What changed' },
  },
  timeline: {
    empty: 'Nothing has happened here yet',
    kinds: { event: 'Events', task: 'Tasks', project: 'Projects', change: 'Changes' },
    change: { create: 'Card created', update: 'Field changed', merge: 'Cards merged' },
  },
  more: 'Show more',
  none: '—',
  yes: 'yes',
  no: 'no',
  system: 'system',
  searchPlaceholder: 'Start typing to search',
  export: { button: 'Export', csv: 'CSV (Excel, LibreOffice)', xlsx: 'Excel workbook (XLSX)' },
};
