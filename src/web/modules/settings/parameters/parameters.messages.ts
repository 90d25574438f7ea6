/** Strings of Настройка → parameters; t('settingsParameters.…'). Ukrainian and English must have the same keys. */
export const parametersRu = {
  placeholder: '…',
};

export const parametersUk: typeof parametersRu = {
  placeholder: '…',
};

export const parametersEn: typeof parametersRu = {
  placeholder: '…',
};
