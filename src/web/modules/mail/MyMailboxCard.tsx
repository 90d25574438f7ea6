import { Card, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { QueryErrorAlert } from '../../shared/QueryErrorAlert.js';
import { useMyMailbox } from './mail.api.js';
import { MailboxSummary } from './MailboxBits.js';

/** In the profile: the state of the user's own mailbox. */
export function MyMailboxCard() {
  const { t } = useTranslation();
  const box = useMyMailbox();
  let body;
  if (box.isPending) body = <Skeleton active paragraph={{ rows: 2 }} />;
  else if (box.isError) body = <QueryErrorAlert error={box.error} onRetry={() => void box.refetch()} />;
  else if (!box.data) body = <Typography.Text type="secondary">{t('mail.mailboxes.none')}</Typography.Text>;
  else body = <MailboxSummary box={box.data} syncId="me" />;
  return (
    <Card size="small" title={t('mail.mailboxes.mine')}>
      {body}
    </Card>
  );
}
