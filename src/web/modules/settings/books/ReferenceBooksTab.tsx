import type { ComponentType } from 'react';
import { Empty, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
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
  calculations: CalculationsPlaceholder,
  eventTypes: EventTypesBook,
  history: HistoryBook,
  taskStatuses: TaskStatusesBook,
  userStatuses: UserStatusesBook,
  journals: JournalsBook,
};

function CalculationsPlaceholder() {
  const { t } = useTranslation();
  return <Empty description={t('settingsBooks.calculationsPlaceholder')} />;
}

/** Настройка → Справочники. */
export function ReferenceBooksTab() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const requested = params.get('book');
  const active: Section = SECTIONS.find((s) => s === requested) ?? 'eventTypes';
  return (
    <Tabs
      tabPlacement="start"
      activeKey={active}
      destroyOnHidden
      onChange={(key) =>
        setParams(
          (prev) => {
            const next = new URLSearchParams(prev);
            next.set('book', key);
            return next;
          },
          { replace: true },
        )
      }
      items={SECTIONS.map((key) => {
        const Content = CONTENT[key];
        return { key, label: t(`settingsBooks.sections.${key}`), children: <Content /> };
      })}
    />
  );
}
