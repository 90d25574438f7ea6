/** Strings of the search pages; t('search.…'). Ukrainian and English must have the same keys. */
export const searchRu = {
  title: '',
};

export const searchUk: typeof searchRu = {
  title: '',
};

export const searchEn: typeof searchRu = {
  title: '',
};
