/** Strings of the electronic queue's setup part; t('queue.setup.…'). Ukrainian and English must have the same keys. */
export const setupRu = {
  title: '',
};
export const setupUk: typeof setupRu = {
  title: '',
};
export const setupEn: typeof setupRu = {
  title: '',
};
