import { useTranslation } from 'react-i18next';
import { CALC_DOC_TYPES, CALC_TRIGGERS } from '../../../../../shared/schemas/calculations.js';

/** The choices of the document type and trigger selects, in the UI language. */
export function useCalcOptions() {
  const { t } = useTranslation();
  return {
    docTypes: CALC_DOC_TYPES.map((value) => ({ value, label: t(`settingsBooks.calc.docTypes.${value}`) })),
    triggers: CALC_TRIGGERS.map((value) => ({ value, label: t(`settingsBooks.calc.triggers.${value}`) })),
  };
}
