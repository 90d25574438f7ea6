/** Strings of the clients pages; t('clients.…'). Ukrainian and English must have the same keys. */
export const clientsRu = {
  title: '',
};

export const clientsUk: typeof clientsRu = {
  title: '',
};

export const clientsEn: typeof clientsRu = {
  title: '',
};
