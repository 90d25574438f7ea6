import { Button, Flex, Tag, Tooltip, theme } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { MailListItem, MailStatus } from '../../../shared/schemas/mail.js';
import { useFormatDateTime } from '../../shared/format.js';

const COLORS: Record<MailStatus, string> = {
  received: 'blue',
  queued: 'gold',
  sending: 'processing',
  sent: 'green',
  failed: 'red',
};

/** The letter's status; the outbox's last error and next attempt in its tooltip. */
export function MailStatusTag({
  letter,
}: {
  letter: Pick<MailListItem, 'status' | 'lastError' | 'nextAttemptAt' | 'attempts'>;
}) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const details = [
    letter.lastError && t('mail.lastError', { error: letter.lastError }),
    letter.nextAttemptAt && t('mail.nextAttempt', { at: formatDateTime(letter.nextAttemptAt) }),
    letter.status !== 'received' && letter.attempts > 0 && t('mail.attempts', { count: letter.attempts }),
  ].filter((line): line is string => typeof line === 'string' && line !== '');
  const tag = (
    <Tag color={COLORS[letter.status]} data-testid="mail-status">
      {t(`mail.statuses.${letter.status}`)}
    </Tag>
  );
  if (!details.length) return tag;
  return (
    <Tooltip
      title={
        <>
          {details.map((line) => (
            <div key={line}>{line}</div>
          ))}
        </>
      }
    >
      {tag}
    </Tooltip>
  );
}

/** Incoming (down) or outgoing (up), named for screen readers and in a tooltip. */
export function MailDirectionIcon({ direction }: { direction: MailListItem['direction'] }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const label = t(`mail.directions.${direction}`);
  return (
    <Tooltip title={label}>
      {direction === 'in' ? (
        <ArrowDownOutlined aria-label={label} style={{ color: token.colorPrimary }} />
      ) : (
        <ArrowUpOutlined aria-label={label} style={{ color: token.colorSuccess }} />
      )}
    </Tooltip>
  );
}

/** «Ещё» under a list of letters while the server has more pages. */
export function MoreLettersButton({
  letters,
}: {
  letters: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
}) {
  const { t } = useTranslation();
  if (!letters.hasNextPage) return null;
  return (
    <Flex justify="center">
      <Button onClick={() => void letters.fetchNextPage()} loading={letters.isFetchingNextPage}>
        {t('mail.more')}
      </Button>
    </Flex>
  );
}
