/** Strings of Настройка → numbering; t('settingsNumbering.…'). Ukrainian and English must have the same keys. */
export const numberingRu = {
  placeholder: '…',
};

export const numberingUk: typeof numberingRu = {
  placeholder: '…',
};

export const numberingEn: typeof numberingRu = {
  placeholder: '…',
};
