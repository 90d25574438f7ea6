import { Form, InputNumber, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  EVENT_CHANNELS,
  EVENT_DIRECTIONS,
  type EventType,
} from '../../../../shared/schemas/reference-books.js';
import { BookEntryDialog } from './BookEntryDialog.js';
import { BookSection } from './BookSection.js';

interface Own {
  direction: EventType['direction'];
  channel: EventType['channel'];
  defaultDurationMinutes: number;
}

function EventTypeDialog({ entry, onClose }: { entry: EventType | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <BookEntryDialog<'event-types', Own>
      path="event-types"
      entry={entry}
      onClose={onClose}
      ownInitial={{
        direction: entry?.direction ?? 'none',
        channel: entry?.channel ?? 'other',
        defaultDurationMinutes: entry?.defaultDurationMinutes ?? 0,
      }}
      toBody={(own) => own}
    >
      <Form.Item label={t('settingsBooks.eventTypes.direction')} name="direction">
        <Select
          disabled={entry?.isSystem}
          options={EVENT_DIRECTIONS.map((d) => ({
            value: d,
            label: t(`settingsBooks.eventTypes.directions.${d}`),
          }))}
        />
      </Form.Item>
      <Form.Item label={t('settingsBooks.eventTypes.channel')} name="channel">
        <Select
          disabled={entry?.isSystem}
          options={EVENT_CHANNELS.map((c) => ({
            value: c,
            label: t(`settingsBooks.eventTypes.channels.${c}`),
          }))}
        />
      </Form.Item>
      <Form.Item label={t('settingsBooks.eventTypes.defaultDuration')} name="defaultDurationMinutes">
        <InputNumber min={0} max={10_080} precision={0} />
      </Form.Item>
    </BookEntryDialog>
  );
}

/** Типы событий. */
export function EventTypesBook() {
  const { t } = useTranslation();
  return (
    <BookSection
      path="event-types"
      columns={[
        {
          title: t('settingsBooks.eventTypes.direction'),
          dataIndex: 'direction',
          render: (d: EventType['direction']) => t(`settingsBooks.eventTypes.directions.${d}`),
        },
        {
          title: t('settingsBooks.eventTypes.channel'),
          dataIndex: 'channel',
          render: (c: EventType['channel']) => t(`settingsBooks.eventTypes.channels.${c}`),
        },
        {
          title: t('settingsBooks.eventTypes.defaultDuration'),
          dataIndex: 'defaultDurationMinutes',
          align: 'right',
        },
      ]}
      renderDialog={(entry, onClose) => <EventTypeDialog entry={entry} onClose={onClose} />}
    />
  );
}
