import { Flex, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { CalculationError } from '../../../../../shared/schemas/calculations.js';
import { QueryErrorAlert } from '../../../../shared/QueryErrorAlert.js';
import { useFormatDateTime } from '../../../../shared/format.js';
import { useCalculationErrors } from './calculations.api.js';

/** «Ошибки»: the calculation's latest failed runs, each with the document it ran on. */
export function CalculationErrors({ id }: { id: number }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const errors = useCalculationErrors(id);
  const none = t('common.none');

  const columns: TableColumnsType<CalculationError> = [
    {
      title: t('settingsBooks.calc.errors.when'),
      key: 'when',
      width: 1,
      render: (_, e) => formatDateTime(e.createdAt),
    },
    { title: t('settingsBooks.calc.errors.version'), dataIndex: 'version', align: 'right', width: 1 },
    {
      title: t('settingsBooks.calc.errors.kind'),
      key: 'kind',
      render: (_, e) => (
        <Flex vertical gap={2} align="flex-start">
          <Tag color="red">{t(`settingsBooks.calc.errorKinds.${e.kind}`)}</Tag>
          <Typography.Text type="secondary">{t(`settingsBooks.calc.triggers.${e.trigger}`)}</Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('settingsBooks.calc.errors.message'),
      key: 'message',
      render: (_, e) => <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{e.message}</Typography.Text>,
    },
    {
      title: t('settingsBooks.calc.errors.line'),
      key: 'line',
      align: 'right',
      width: 1,
      render: (_, e) => e.line ?? none,
    },
    {
      title: t('settingsBooks.calc.errors.document'),
      key: 'document',
      render: (_, e) => {
        const type = t(`settingsBooks.calc.docType.${e.docType}`);
        if (e.docId === null) return none;
        // The number is known while the document exists; a deleted one has no card to open.
        return e.docNumber !== null ? (
          <Link to={`/${e.docType}s/${e.docId}`}>
            {type} {e.docNumber}
          </Link>
        ) : (
          <Typography.Text type="secondary">
            {type} #{e.docId} ({t('settingsBooks.calc.errors.deleted')})
          </Typography.Text>
        );
      },
    },
    { title: t('settingsBooks.calc.errors.user'), key: 'user', render: (_, e) => e.actor?.name ?? none },
  ];

  if (errors.isError) return <QueryErrorAlert error={errors.error} onRetry={() => void errors.refetch()} />;
  return (
    <Flex vertical gap={8}>
      <Typography.Text type="secondary">{t('settingsBooks.calc.errors.hint')}</Typography.Text>
      <Table<CalculationError>
        size="small"
        bordered
        rowKey="id"
        loading={errors.isPending}
        dataSource={errors.data}
        columns={columns}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('settingsBooks.calc.errors.empty') }}
        scroll={{ x: 'max-content' }}
      />
    </Flex>
  );
}
