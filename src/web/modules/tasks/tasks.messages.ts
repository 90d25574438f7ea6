/** Strings of the tasks pages; t('tasks.…'). Ukrainian and English must have the same keys. */
export const tasksRu = {
  title: '',
};

export const tasksUk: typeof tasksRu = {
  title: '',
};

export const tasksEn: typeof tasksRu = {
  title: '',
};
