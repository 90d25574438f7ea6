import { useState } from 'react';
import { Card, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { QueryErrorAlert } from '../../shared/QueryErrorAlert.js';
import { useMailList } from './mail.api.js';
import { MailLetter } from './MailLetter.js';

/** The system event types a letter belongs to. */
const EMAIL_EVENT_TYPES = new Set(['incoming_email', 'outgoing_email']);

/** On the card of an e-mail event: its letter, with the conversation and «Ответить». */
export function EventLetter({ eventId, typeCode }: { eventId: number; typeCode: string }) {
  if (!EMAIL_EVENT_TYPES.has(typeCode)) return null;
  return <Letter eventId={eventId} />;
}

function Letter({ eventId }: { eventId: number }) {
  const { t } = useTranslation();
  const letters = useMailList({ eventId });
  // A letter of the conversation chosen below replaces the event's own one here.
  const [chosen, setChosen] = useState<number | null>(null);
  const own = letters.items[0]?.id ?? null;
  const id = chosen ?? own;
  let body;
  if (letters.isPending) body = <Skeleton active />;
  else if (letters.isError)
    body = <QueryErrorAlert error={letters.error} onRetry={() => void letters.refetch()} />;
  else if (id === null) return null;
  else body = <MailLetter id={id} onOpen={(next) => setChosen(next === own ? null : next)} />;
  return (
    <Card size="small" title={t('mail.view.title')}>
      {body}
    </Card>
  );
}
