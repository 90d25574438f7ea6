/** URL parameters of Настройка → Справочники → Калькуляция (beside `tab=books&book=calculations`). */
export const CALC_PARAM = 'calc';
export const CALC_TAB_PARAM = 'calcTab';

export const EDITOR_TABS = ['code', 'test', 'versions', 'errors'] as const;
export type EditorTab = (typeof EDITOR_TABS)[number];

/** The URL parameters with the calculation editor's own ones set (`id` null: back to the list). */
export function withCalc(prev: URLSearchParams, id: number | null, tab: EditorTab = 'code'): URLSearchParams {
  const next = new URLSearchParams(prev);
  next.delete(CALC_PARAM);
  next.delete(CALC_TAB_PARAM);
  if (id !== null) {
    next.set(CALC_PARAM, String(id));
    if (tab !== 'code') next.set(CALC_TAB_PARAM, tab);
  }
  return next;
}
