import { useState } from 'react';
import { App, Badge, Button, Flex, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Calculation } from '../../../../../shared/schemas/calculations.js';
import { useApiError } from '../../../../http/use-api-error.js';
import { DeleteButton } from '../../../../shared/DeleteButton.js';
import { QueryErrorAlert } from '../../../../shared/QueryErrorAlert.js';
import { useFormatDateTime } from '../../../../shared/format.js';
import { CalculationCreateDialog } from './CalculationCreateDialog.js';
import { useCalculations, useDeleteCalculation, useUpdateCalculation } from './calculations.api.js';
import { withCalc } from './calc-params.js';

/** The registry of calculations: open one (its name), create, enable or disable, delete. */
export function CalculationList() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const handleError = useApiError();
  const formatDateTime = useFormatDateTime();
  const [params, setParams] = useSearchParams();
  const calculations = useCalculations();
  const update = useUpdateCalculation();
  const remove = useDeleteCalculation();
  const [creating, setCreating] = useState(false);

  const editorUrl = (id: number, tab?: 'errors') => ({ search: `?${withCalc(params, id, tab)}` });
  const setEnabled = (calc: Calculation, isEnabled: boolean) =>
    update.mutate(
      { id: calc.id, body: { isEnabled, expectedVersion: calc.version } },
      {
        onSuccess: () =>
          void message.success(
            t(`settingsBooks.calc.${isEnabled ? 'enabled' : 'disabled'}`, { name: calc.name }),
          ),
        onError: (e) => handleError(e),
      },
    );

  const columns: TableColumnsType<Calculation> = [
    {
      title: t('settingsBooks.calc.columns.name'),
      key: 'name',
      render: (_, calc) => (
        <Space size={4} wrap>
          <Link to={editorUrl(calc.id)}>{calc.name}</Link>
          {calc.exampleKey && (
            <Tooltip title={t('settingsBooks.calc.exampleHint')}>
              <Tag>{t('settingsBooks.calc.example')}</Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    {
      title: t('settingsBooks.calc.columns.docType'),
      key: 'docType',
      render: (_, calc) => t(`settingsBooks.calc.docTypes.${calc.docType}`),
    },
    {
      title: t('settingsBooks.calc.columns.trigger'),
      key: 'trigger',
      render: (_, calc) => (
        <Tooltip title={t(`settingsBooks.calc.triggerHints.${calc.trigger}`)}>
          {t(`settingsBooks.calc.triggers.${calc.trigger}`)}
        </Tooltip>
      ),
    },
    { title: t('settingsBooks.calc.columns.position'), dataIndex: 'position', align: 'right', width: 1 },
    {
      title: t('settingsBooks.calc.columns.isEnabled'),
      key: 'isEnabled',
      width: 1,
      render: (_, calc) => (
        <Switch
          size="small"
          checked={calc.isEnabled}
          loading={update.isPending && update.variables?.id === calc.id}
          aria-label={`${t('settingsBooks.calc.columns.isEnabled')}: ${calc.name}`}
          onChange={(checked) => setEnabled(calc, checked)}
        />
      ),
    },
    { title: t('settingsBooks.calc.columns.version'), dataIndex: 'version', align: 'right', width: 1 },
    {
      title: t('settingsBooks.calc.columns.errors'),
      key: 'errors',
      align: 'center',
      width: 1,
      render: (_, calc) =>
        calc.errorCount > 0 ? (
          <Tooltip
            title={t('settingsBooks.calc.errorCount', {
              count: calc.errorCount,
              at: calc.lastErrorAt ? formatDateTime(calc.lastErrorAt) : t('common.none'),
            })}
          >
            <Link
              to={editorUrl(calc.id, 'errors')}
              aria-label={`${t('settingsBooks.calc.columns.errors')}: ${calc.name}`}
            >
              <Badge count={calc.errorCount} overflowCount={999} />
            </Link>
          </Tooltip>
        ) : (
          t('common.none')
        ),
    },
    {
      title: t('settingsBooks.calc.columns.updated'),
      key: 'updated',
      render: (_, calc) => (
        <Typography.Text type="secondary">
          {[calc.updatedBy?.name, formatDateTime(calc.updatedAt)].filter(Boolean).join(', ')}
        </Typography.Text>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 1,
      render: (_, calc) => (
        <DeleteButton
          confirm={t('settingsBooks.calc.confirmDelete', { name: calc.name })}
          onConfirm={() =>
            remove.mutateAsync(calc.id).then(() => void message.success(t('common.deleted')), handleError)
          }
        />
      ),
    },
  ];

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Typography.Text type="secondary">{t('settingsBooks.calc.intro')}</Typography.Text>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('settingsBooks.calc.create')}
        </Button>
      </Flex>
      {calculations.isError ? (
        <QueryErrorAlert error={calculations.error} onRetry={() => void calculations.refetch()} />
      ) : (
        <Table<Calculation>
          size="small"
          bordered
          rowKey="id"
          loading={calculations.isPending}
          dataSource={calculations.data}
          columns={columns}
          pagination={false}
          locale={{ emptyText: t('settingsBooks.calc.empty') }}
          scroll={{ x: 'max-content' }}
          onRow={(calc) => ({ onDoubleClick: () => setParams((prev) => withCalc(prev, calc.id)) })}
        />
      )}
      {creating && (
        <CalculationCreateDialog
          onClose={() => setCreating(false)}
          onCreated={(calc) => setParams((prev) => withCalc(prev, calc.id))}
        />
      )}
    </Flex>
  );
}
