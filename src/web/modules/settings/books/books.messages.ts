/** Strings of Настройка → books; t('settingsBooks.…'). Ukrainian and English must have the same keys. */
export const booksRu = {
  placeholder: '…',
};

export const booksUk: typeof booksRu = {
  placeholder: '…',
};

export const booksEn: typeof booksRu = {
  placeholder: '…',
};
