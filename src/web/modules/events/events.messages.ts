/** Strings of the events pages; t('events.…'). Ukrainian and English must have the same keys. */
export const eventsRu = {
  title: '',
};

export const eventsUk: typeof eventsRu = {
  title: '',
};

export const eventsEn: typeof eventsRu = {
  title: '',
};
