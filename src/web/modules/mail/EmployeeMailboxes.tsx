import { Divider, Flex, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { QueryErrorAlert } from '../../shared/QueryErrorAlert.js';
import { useMailboxes } from './mail.api.js';
import { MailboxSummary } from './MailboxBits.js';

/** On the employee's card: the mailboxes of the users working as this employee. */
export function EmployeeMailboxes({ employeeId }: { employeeId: number }) {
  const { t } = useTranslation();
  const boxes = useMailboxes({ employeeId });
  let body;
  if (boxes.isPending) body = <Skeleton active paragraph={{ rows: 2 }} />;
  else if (boxes.isError) body = <QueryErrorAlert error={boxes.error} onRetry={() => void boxes.refetch()} />;
  else if (!boxes.data.length)
    body = <Typography.Text type="secondary">{t('mail.mailboxes.empty')}</Typography.Text>;
  else
    body = (
      <Flex vertical gap={8}>
        {boxes.data.map((b) => (
          <MailboxSummary key={b.id} box={b} syncId={b.id} />
        ))}
      </Flex>
    );
  return (
    <div data-testid="employee-mailboxes">
      <Divider titlePlacement="start">{t('mail.mailboxes.title')}</Divider>
      {body}
    </div>
  );
}
