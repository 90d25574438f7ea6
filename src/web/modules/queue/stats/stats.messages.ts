/** Strings of the electronic queue's stats part; t('queue.stats.…'). Ukrainian and English must have the same keys. */
export const statsRu = {
  title: '',
};
export const statsUk: typeof statsRu = {
  title: '',
};
export const statsEn: typeof statsRu = {
  title: '',
};
