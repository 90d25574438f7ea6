import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Button, Divider, Drawer, Empty, Flex, Skeleton, Typography } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Call } from '../../../shared/schemas/telephony.js';
import { QueryErrorAlert } from '../../shared/QueryErrorAlert.js';
import { useFormatDateTime } from '../../shared/format.js';
import { useSignedInUser } from '../auth/session.js';
import { MyStatusSelect } from '../settings/books/MyStatusSelect.js';
import { useMyParameters } from '../settings/parameters/parameters.api.js';
import { PhoneLink } from './CallButton.js';
import { DirectionIcon, useFormatDuration } from './CallBits.js';
import { DialPad } from './DialPad.js';
import { useMyCalls } from './telephony.api.js';

/** Whom the panel already opened for in this tab: "auto-start" means at sign-in, not on every reload. */
const AUTOSTARTED_KEY = 'kartoteka.phonePanelAutostarted';

/** Signing out lets the panel open again for whoever signs in next. */
export function forgetPhonePanelAutostart(): void {
  sessionStorage.removeItem(AUTOSTARTED_KEY);
}

/** The header's «Телефон»: a drawer with the status switch, the dial pad and the user's recent calls. */
export function PhonePanelButton() {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const autostart = useMyParameters().data?.isPhoneAutostart === true;
  // Read once: whether this tab has not opened the panel for this user yet.
  const [firstInTab] = useState(() => sessionStorage.getItem(AUTOSTARTED_KEY) !== String(me.id));
  // Null until the user opens or closes the panel; till then the parameters (they arrive later) decide.
  const [chosen, setChosen] = useState<boolean | null>(null);
  const open = chosen ?? (firstInTab && autostart);

  useEffect(() => {
    if (open && firstInTab) sessionStorage.setItem(AUTOSTARTED_KEY, String(me.id));
  }, [open, firstInTab, me.id]);

  return (
    <>
      <Button
        type="text"
        icon={<PhoneOutlined />}
        aria-expanded={open}
        data-testid="phone-panel-button"
        onClick={() => setChosen(true)}
      >
        {t('telephony.panel.open')}
      </Button>
      <Drawer
        title={t('telephony.panel.title')}
        open={open}
        onClose={() => setChosen(false)}
        size={400}
        destroyOnHidden
        // The user keeps working beside the panel.
        mask={false}
        data-testid="phone-panel"
      >
        <Flex vertical gap={4}>
          <Typography.Text type="secondary">{t('telephony.panel.status')}</Typography.Text>
          <MyStatusSelect />
          <Divider size="small" />
          <Typography.Text type="secondary">{t('telephony.panel.dialPad')}</Typography.Text>
          <DialPad />
          <Divider size="small" />
          <Typography.Text type="secondary">{t('telephony.panel.recent')}</Typography.Text>
          <RecentCalls onOpen={() => setChosen(false)} />
        </Flex>
      </Drawer>
    </>
  );
}

function RecentCalls({ onOpen }: { onOpen: () => void }) {
  const { t } = useTranslation();
  const calls = useMyCalls();
  if (calls.isPending) return <Skeleton active />;
  if (calls.isError) return <QueryErrorAlert error={calls.error} onRetry={() => void calls.refetch()} />;
  if (calls.items.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('telephony.panel.noCalls')} />;
  return (
    <Flex vertical gap={6} data-testid="recent-calls">
      {calls.items.map((call) => (
        <RecentCall key={call.id} call={call} onOpen={onOpen} />
      ))}
      {calls.hasNextPage && (
        <Button onClick={() => void calls.fetchNextPage()} loading={calls.isFetchingNextPage}>
          {t('telephony.panel.more')}
        </Button>
      )}
    </Flex>
  );
}

function RecentCall({ call, onOpen }: { call: Call; onOpen: () => void }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const formatDuration = useFormatDuration();
  const when = formatDateTime(call.startedAt);
  return (
    <Flex gap={8} align="start">
      <DirectionIcon direction={call.direction} disposition={call.disposition} />
      <Flex vertical style={{ flex: 1, minWidth: 0 }}>
        <Flex justify="space-between" gap={8}>
          <PhoneLink number={call.externalNumber} dial={call.externalE164} />
          {call.eventId ? (
            <Link to={`/events/${call.eventId}`} onClick={onOpen} title={t('telephony.panel.openEvent')}>
              {when}
            </Link>
          ) : (
            <Typography.Text type="secondary">{when}</Typography.Text>
          )}
        </Flex>
        <Typography.Text type="secondary" ellipsis>
          {[
            call.client?.name,
            call.state === 'live' ? t('telephony.call.live') : formatDuration(call.durationSeconds),
          ]
            .filter(Boolean)
            .join(' · ')}
        </Typography.Text>
      </Flex>
    </Flex>
  );
}
