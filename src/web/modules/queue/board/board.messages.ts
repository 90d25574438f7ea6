/** Strings of the electronic queue's board part; t('queue.board.…'). Ukrainian and English must have the same keys. */
export const boardRu = {
  title: '',
};
export const boardUk: typeof boardRu = {
  title: '',
};
export const boardEn: typeof boardRu = {
  title: '',
};
