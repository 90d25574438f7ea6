import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { UnknownNumber } from '../../../shared/schemas/telephony.js';
import { Page } from '../../app/layout/Page.js';
import { QueryErrorAlert } from '../../shared/QueryErrorAlert.js';
import { useFormatDateTime } from '../../shared/format.js';
import { PhoneLink } from './CallButton.js';
import { DirectionIcon } from './CallBits.js';
import { LinkNumberDialog } from './LinkNumberDialog.js';
import { useUnknownNumbers } from './telephony.api.js';

export const UNKNOWN_NUMBERS_PATH = '/telephony/unknown-numbers';

/** «Неизвестные номера»: external numbers of calls no card has, to create or choose their client. */
export function UnknownNumbersPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const formatDateTime = useFormatDateTime();
  const numbers = useUnknownNumbers();
  const [linking, setLinking] = useState<string | null>(null);
  const createClient = (number: string) =>
    void navigate(
      `/clients/new?${new URLSearchParams({ phone: number, back: UNKNOWN_NUMBERS_PATH }).toString()}`,
    );

  return (
    <Page title={t('telephony.unknown.title')}>
      <Typography.Text type="secondary">{t('telephony.unknown.hint')}</Typography.Text>
      {numbers.isError ? (
        <QueryErrorAlert error={numbers.error} onRetry={() => void numbers.refetch()} />
      ) : (
        <Table<UnknownNumber>
          size="small"
          bordered
          rowKey="number"
          pagination={false}
          loading={numbers.isPending}
          dataSource={numbers.data?.items}
          locale={{ emptyText: t('telephony.unknown.empty') }}
          columns={[
            {
              key: 'number',
              title: t('telephony.unknown.number'),
              render: (_, n) => <PhoneLink number={n.number} dial={n.e164} />,
            },
            {
              key: 'calls',
              title: t('telephony.unknown.calls'),
              dataIndex: 'calls',
              width: 100,
              align: 'end',
            },
            {
              key: 'lastCall',
              title: t('telephony.unknown.lastCall'),
              width: 180,
              render: (_, n) => formatDateTime(n.lastCallAt),
            },
            {
              key: 'direction',
              title: t('telephony.unknown.direction'),
              width: 150,
              render: (_, n) => (
                <Space size={6}>
                  <DirectionIcon direction={n.lastDirection} />
                  {t(`telephony.directions.${n.lastDirection}`)}
                </Space>
              ),
            },
            {
              key: 'actions',
              title: t('common.actions'),
              width: 1,
              render: (_, n) => (
                <Space size={0}>
                  <Button type="link" size="small" onClick={() => createClient(n.number)}>
                    {t('telephony.unknown.createClient')}
                  </Button>
                  <Button type="link" size="small" onClick={() => setLinking(n.number)}>
                    {t('telephony.unknown.pickClient')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      )}
      {linking !== null && <LinkNumberDialog number={linking} onClose={() => setLinking(null)} />}
    </Page>
  );
}
