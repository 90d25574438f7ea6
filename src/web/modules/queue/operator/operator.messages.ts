/** Strings of the electronic queue's operator part; t('queue.operator.…'). Ukrainian and English must have the same keys. */
export const operatorRu = {
  title: '',
};
export const operatorUk: typeof operatorRu = {
  title: '',
};
export const operatorEn: typeof operatorRu = {
  title: '',
};
