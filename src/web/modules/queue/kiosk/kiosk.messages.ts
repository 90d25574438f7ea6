/** Strings of the electronic queue's kiosk part; t('queue.kiosk.…'). Ukrainian and English must have the same keys. */
export const kioskRu = {
  title: '',
};
export const kioskUk: typeof kioskRu = {
  title: '',
};
export const kioskEn: typeof kioskRu = {
  title: '',
};
