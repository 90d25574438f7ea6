import type { Calculation } from '../../../../../shared/schemas/calculations.js';

/** What the editor's form holds: the calculation's editable properties and code. */
export type CalcFormValues = Pick<
  Calculation,
  'name' | 'docType' | 'trigger' | 'position' | 'isEnabled' | 'timeLimitMs' | 'memoryLimitMb' | 'code'
>;

export function formValuesOf(calc: CalcFormValues): CalcFormValues {
  return {
    name: calc.name,
    docType: calc.docType,
    trigger: calc.trigger,
    position: calc.position,
    isEnabled: calc.isEnabled,
    timeLimitMs: calc.timeLimitMs,
    memoryLimitMb: calc.memoryLimitMb,
    code: calc.code,
  };
}

/** The properties a version records besides the code, in the order the editor shows them. */
export const PROPERTY_FIELDS = [
  'name',
  'docType',
  'trigger',
  'position',
  'isEnabled',
  'timeLimitMs',
  'memoryLimitMb',
] as const satisfies readonly (keyof CalcFormValues)[];
