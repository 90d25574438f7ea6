import { useSearchParams } from 'react-router';
import { CalculationEditor } from './CalculationEditor.js';
import { CalculationList } from './CalculationList.js';
import { CALC_PARAM, CALC_TAB_PARAM, EDITOR_TABS, withCalc, type EditorTab } from './calc-params.js';

/**
 * Настройка → Справочники → Калькуляция: the list, or one calculation's editor when the URL names
 * it (`?tab=books&book=calculations&calc=12&calcTab=test`), so Back and a reload keep the place.
 */
export function CalculationsBook() {
  const [params, setParams] = useSearchParams();
  const id = Number(params.get(CALC_PARAM));
  const requestedTab = params.get(CALC_TAB_PARAM);
  const tab: EditorTab = EDITOR_TABS.find((x) => x === requestedTab) ?? 'code';

  if (Number.isInteger(id) && id > 0)
    return (
      <CalculationEditor
        key={id}
        id={id}
        tab={tab}
        onTab={(next) => setParams((prev) => withCalc(prev, id, next), { replace: true })}
        onBack={() => setParams((prev) => withCalc(prev, null))}
      />
    );
  return <CalculationList />;
}
