import { useState } from 'react';
import { App, Button, Flex, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Calculation, CalculationVersion } from '../../../../../shared/schemas/calculations.js';
import { useApiError } from '../../../../http/use-api-error.js';
import { QueryErrorAlert } from '../../../../shared/QueryErrorAlert.js';
import { useFormatDateTime } from '../../../../shared/format.js';
import { useCalculationVersions, useRollbackCalculation } from './calculations.api.js';
import { VersionDiff } from './VersionDiff.js';

/**
 * «Версии»: every saved state (who, when, how) newest first; the chosen one's changes against the
 * one before it; «Откатить к этой версии» makes an earlier state the newest version.
 */
export function CalculationVersions({
  calc,
  dirty,
  onRolledBack,
}: {
  calc: Calculation;
  /** The editor holds unsaved changes, which a rollback replaces. */
  dirty: boolean;
  onRolledBack: (calc: Calculation) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const handleError = useApiError();
  const formatDateTime = useFormatDateTime();
  const versions = useCalculationVersions(calc.id);
  const rollback = useRollbackCalculation(calc.id);
  const [chosen, setChosen] = useState<number | null>(null);

  const items = [...(versions.data ?? [])].sort((a, b) => b.version - a.version);
  const selected = items.find((v) => v.version === chosen) ?? items[0] ?? null;
  const previous = selected ? (items.find((v) => v.version < selected.version) ?? null) : null;

  const confirmRollback = (version: number) =>
    rollback.mutateAsync(version).then((saved) => {
      void message.success(t('settingsBooks.calc.versions.rolledBack', { version }));
      setChosen(null);
      onRolledBack(saved);
    }, handleError);

  const columns: TableColumnsType<CalculationVersion> = [
    {
      title: t('settingsBooks.calc.versions.version'),
      key: 'version',
      width: 1,
      render: (_, v) => (
        <Space size={4}>
          {v.version}
          {v.version === calc.version && <Tag color="blue">{t('settingsBooks.calc.versions.current')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('settingsBooks.calc.versions.action'),
      key: 'action',
      render: (_, v) => t(`settingsBooks.calc.versions.actions.${v.action}`, { version: v.rolledBackTo }),
    },
    {
      title: t('settingsBooks.calc.versions.who'),
      key: 'who',
      render: (_, v) => v.changedBy?.name ?? t('common.none'),
    },
    {
      title: t('settingsBooks.calc.versions.when'),
      key: 'when',
      render: (_, v) => formatDateTime(v.changedAt),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 1,
      render: (_, v) => (
        <Space size={0}>
          <Button
            type="link"
            size="small"
            aria-label={t('settingsBooks.calc.versions.show', { version: v.version })}
            onClick={() => setChosen(v.version)}
          >
            {t('settingsBooks.calc.versions.changes')}
          </Button>
          {v.version !== calc.version && (
            <Popconfirm
              title={[
                t('settingsBooks.calc.versions.rollbackConfirm', { version: v.version }),
                dirty && t('settingsBooks.calc.versions.rollbackLosesEdits'),
              ]
                .filter(Boolean)
                .join(' ')}
              okText={t('settingsBooks.calc.versions.rollback')}
              cancelText={t('common.cancel')}
              onConfirm={() => confirmRollback(v.version)}
            >
              <Button type="link" size="small">
                {t('settingsBooks.calc.versions.rollback')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  if (versions.isError)
    return <QueryErrorAlert error={versions.error} onRetry={() => void versions.refetch()} />;
  return (
    <Flex vertical gap={16}>
      <Table<CalculationVersion>
        size="small"
        bordered
        rowKey="version"
        loading={versions.isPending}
        dataSource={items}
        columns={columns}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        rowClassName={(v) => (v.version === selected?.version ? 'ant-table-row-selected' : '')}
        onRow={(v) => ({ onClick: () => setChosen(v.version) })}
      />
      {selected ? (
        <VersionDiff key={selected.version} version={selected} previous={previous} />
      ) : (
        !versions.isPending && (
          <Typography.Text type="secondary">{t('settingsBooks.calc.versions.pick')}</Typography.Text>
        )
      )}
    </Flex>
  );
}
