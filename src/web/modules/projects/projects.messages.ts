/** Strings of the projects pages; t('projects.…'). Ukrainian and English must have the same keys. */
export const projectsRu = {
  title: '',
};

export const projectsUk: typeof projectsRu = {
  title: '',
};

export const projectsEn: typeof projectsRu = {
  title: '',
};
