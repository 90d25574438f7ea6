/** Strings of the electronic queue's tickets part; t('queue.tickets.…'). Ukrainian and English must have the same keys. */
export const ticketsRu = {
  title: '',
};
export const ticketsUk: typeof ticketsRu = {
  title: '',
};
export const ticketsEn: typeof ticketsRu = {
  title: '',
};
