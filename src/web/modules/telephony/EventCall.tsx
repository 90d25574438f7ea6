import { Card, Descriptions, Skeleton, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Call } from '../../../shared/schemas/telephony.js';
import { QueryErrorAlert } from '../../shared/QueryErrorAlert.js';
import { useFormatDateTime } from '../../shared/format.js';
import { PhoneLink } from './CallButton.js';
import { DirectionIcon, DispositionTag, useFormatDuration } from './CallBits.js';
import { useEventCall } from './telephony.api.js';

/** The system event types a logged call becomes (see the telephony service). */
const CALL_EVENT_TYPES = new Set([
  'incoming_call',
  'outgoing_call',
  'missed_incoming_call',
  'unanswered_outgoing_call',
]);

/** On the card of a call event: «Звонок» — the call as the PBX reported it. */
export function EventCall({ eventId, typeCode }: { eventId: number; typeCode: string }) {
  if (!CALL_EVENT_TYPES.has(typeCode)) return null;
  return <CallBlock eventId={eventId} />;
}

function CallBlock({ eventId }: { eventId: number }) {
  const { t } = useTranslation();
  const call = useEventCall(eventId);
  let body;
  if (call.isPending) body = <Skeleton active paragraph={{ rows: 2 }} />;
  else if (call.isError) body = <QueryErrorAlert error={call.error} onRetry={() => void call.refetch()} />;
  // An event entered by hand with a call type has no call behind it.
  else if (!call.data.call) return null;
  else body = <CallDetails call={call.data.call} />;
  return (
    <Card size="small" title={t('telephony.call.title')} data-testid="event-call">
      {body}
    </Card>
  );
}

function CallDetails({ call }: { call: Call }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const formatDuration = useFormatDuration();
  const none = t('common.none');
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, md: 2 }}
      items={[
        {
          key: 'direction',
          label: t('telephony.call.direction'),
          children: (
            <Space size={6}>
              <DirectionIcon direction={call.direction} disposition={call.disposition} />
              {t(`telephony.directions.${call.direction}`)}
            </Space>
          ),
        },
        {
          key: 'number',
          label: t('telephony.call.number'),
          children: <PhoneLink number={call.externalNumber} dial={call.externalE164} />,
        },
        {
          key: 'employee',
          label: t('telephony.call.employee'),
          children: [call.user?.name, call.employeeNumber].filter(Boolean).join(' · ') || none,
        },
        { key: 'startedAt', label: t('telephony.call.startedAt'), children: formatDateTime(call.startedAt) },
        {
          key: 'duration',
          label: t('telephony.call.duration'),
          children: formatDuration(call.durationSeconds),
        },
        { key: 'billsec', label: t('telephony.call.billsec'), children: formatDuration(call.billsec) },
        {
          key: 'disposition',
          label: t('telephony.call.disposition'),
          children: <DispositionTag disposition={call.disposition} />,
        },
        {
          key: 'recording',
          label: t('telephony.call.recording'),
          children: call.recordingUrl ? (
            <a href={call.recordingUrl} target="_blank" rel="noreferrer noopener">
              {t('telephony.call.openRecording')}
            </a>
          ) : (
            none
          ),
        },
      ]}
    />
  );
}
