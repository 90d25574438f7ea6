import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EventStatus } from '../../../shared/schemas/card-files.js';
import type { EventTypeBrief } from '../../../shared/schemas/events.js';
import { useEntryName } from '../settings/books/BookEntryName.js';

const STATUS_COLORS: Record<EventStatus, string> = { planned: 'blue', done: 'green', cancelled: 'default' };

export function EventStatusTag({ status }: { status: EventStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]}>{t(`events.statuses.${status}`)}</Tag>;
}

/** The event type in the UI language, in its book colour. */
export function EventTypeTag({ type }: { type: EventTypeBrief }) {
  const nameOf = useEntryName();
  return <Tag color={type.color ?? undefined}>{nameOf(type)}</Tag>;
}
