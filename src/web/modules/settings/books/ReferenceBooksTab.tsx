import type { ComponentType } from 'react';
import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useSignedInUser } from '../../auth/session.js';
import { CalculationsBook } from './calculations/CalculationsBook.js';
import { withCalc } from './calculations/calc-params.js';
import { EventTypesBook } from './EventTypesBook.js';
import { HistoryBook } from './HistoryBook.js';
import { JournalsBook } from './JournalsBook.js';
import { TaskStatusesBook } from './TaskStatusesBook.js';
import { UserStatusesBook } from './UserStatusesBook.js';

/** The seed's sections, in its order; the chosen one is kept in the URL (`?tab=books&book=…`). */
const SECTIONS = [
  'calculations',
  'eventTypes',
  'history',
  'taskStatuses',
  'userStatuses',
  'journals',
] as const;
type Section = (typeof SECTIONS)[number];

const CONTENT: Record<Section, ComponentType> = {
  calculations: CalculationsBook,
  eventTypes: EventTypesBook,
  history: HistoryBook,
  taskStatuses: TaskStatusesBook,
  userStatuses: UserStatusesBook,
  journals: JournalsBook,
};

/** Calculations are programs run on every save: only administrators see them. */
const ADMIN_ONLY: ReadonlySet<Section> = new Set(['calculations']);

/** Настройка → Справочники. */
export function ReferenceBooksTab() {
  const { t } = useTranslation();
  const { isAdmin } = useSignedInUser();
  const [params, setParams] = useSearchParams();
  const sections = SECTIONS.filter((s) => isAdmin || !ADMIN_ONLY.has(s));
  const requested = params.get('book');
  const active: Section = sections.find((s) => s === requested) ?? 'eventTypes';
  return (
    <Tabs
      tabPlacement="start"
      activeKey={active}
      destroyOnHidden
      onChange={(key) =>
        setParams(
          (prev) => {
            const next = withCalc(prev, null);
            next.set('book', key);
            return next;
          },
          { replace: true },
        )
      }
      items={sections.map((key) => {
        const Content = CONTENT[key];
        return { key, label: t(`settingsBooks.sections.${key}`), children: <Content /> };
      })}
    />
  );
}
