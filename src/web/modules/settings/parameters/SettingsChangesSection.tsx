import { useState } from 'react';
import { Flex, Select, Table, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  SETTINGS_AREAS,
  type SettingsArea,
  type SettingsChange,
} from '../../../../shared/schemas/settings-changes.js';
import { NOTIFICATION_TRIGGERS } from '../../../../shared/schemas/notifications.js';
import { QueryErrorAlert } from '../../../shared/QueryErrorAlert.js';
import { useFormatDateTime } from '../../../shared/format.js';
import { useSettingsChanges, useUserParametersList } from './parameters.api.js';
import { useChangeFields, type ChangeFields } from './change-fields.js';

const PAGE_SIZE = 20;

/** The changed fields of one entry, one per line: field: old → new. */
function ChangeList({ change, fields }: { change: SettingsChange; fields: ChangeFields }) {
  return (
    <Flex vertical gap={2}>
      {Object.entries(change.changes).map(([field, { old: before, new: after }]) =>
        fields.isEvent(field) && after === true ? (
          <span key={field}>{fields.label(change, field)}</span>
        ) : (
          <span key={field}>
            <Typography.Text type="secondary">{fields.label(change, field)}:</Typography.Text>{' '}
            {change.action !== 'create' && (
              <>
                <Typography.Text delete={change.action === 'delete'}>
                  {fields.value(change, field, before)}
                </Typography.Text>{' '}
                →{' '}
              </>
            )}
            {change.action !== 'delete' && (
              <Typography.Text strong>{fields.value(change, field, after)}</Typography.Text>
            )}
          </span>
        ),
      )}
    </Flex>
  );
}

/** Параметры → Журнал изменений: who changed which setting and when, newest first (administrators). */
export function SettingsChangesSection() {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const [area, setArea] = useState<SettingsArea | null>(null);
  const [page, setPage] = useState(1);
  const changes = useSettingsChanges({ area, page, pageSize: PAGE_SIZE });
  // User parameters are logged by user id; the list of users names them.
  const users = useUserParametersList();
  const fields = useChangeFields();
  const entityLabels: Record<string, string> = {
    user_parameters: t('settingsParameters.entities.userParameters'),
    telephony_settings: t('settingsParameters.entities.telephonySettings'),
    enterprise: t('settingsParameters.entities.enterprise'),
    mail_template: t('settingsParameters.entities.mailTemplate'),
    system_sender: t('settingsParameters.entities.systemSender'),
  };
  const queueEntityLabels: Record<string, string> = {
    queue_window: t('settingsParameters.entities.queueWindow'),
    queue_service: t('settingsParameters.entities.queueService'),
    queue_device: t('settingsParameters.entities.queueDevice'),
  };
  const entityName = (c: SettingsChange): string => {
    // Access settings are logged per role or per user ('role' / 'user' with the id).
    const userEntity = c.entity === 'user_parameters' || (c.area === 'access' && c.entity === 'user');
    if (userEntity) {
      const login = users.data?.find((u) => String(u.userId) === c.entityId)?.login;
      const label =
        c.entity === 'user' ? t('settingsParameters.entities.user') : entityLabels.user_parameters;
      return `${label}: ${login ?? `#${c.entityId}`}`;
    }
    if (c.area === 'access' && c.entity === 'role')
      return `${t('settingsParameters.entities.role')} #${c.entityId}`;
    if (c.entity === 'notification_rule') {
      const trigger = NOTIFICATION_TRIGGERS.find((x) => x === c.entityId);
      return `${t('settingsParameters.entities.notificationRule')}: ${trigger ? t(`notifications.triggers.${trigger}`) : c.entityId}`;
    }
    if (c.entity === 'webhook') {
      // Its name is in the entry when it was created, renamed or deleted.
      const name = c.changes.name?.new ?? c.changes.name?.old;
      return typeof name === 'string'
        ? t('settingsParameters.entities.webhookNamed', { id: c.entityId, name })
        : `${t('settingsParameters.entities.webhook')} #${c.entityId}`;
    }
    const queueEntity = queueEntityLabels[c.entity];
    if (queueEntity) {
      const name = fields.queueEntityName(c);
      return name === null
        ? `${queueEntity} #${c.entityId}`
        : t('settingsParameters.entities.queueNamed', { entity: queueEntity, id: c.entityId, name });
    }
    const label = entityLabels[c.entity];
    if (label && c.entity === 'mail_template') return `${label} #${c.entityId}`;
    if (label) return label;
    return c.entityId === null ? c.entity : `${c.entity} #${c.entityId}`;
  };

  const columns: TableColumnsType<SettingsChange> = [
    {
      title: t('settingsParameters.when'),
      dataIndex: 'createdAt',
      width: 1,
      render: (at: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(at)}</span>,
    },
    {
      title: t('settingsParameters.who'),
      dataIndex: 'user',
      width: 1,
      render: (user: SettingsChange['user']) =>
        user ? (
          user.login
        ) : (
          <Typography.Text type="secondary">{t('settingsParameters.deletedUser')}</Typography.Text>
        ),
    },
    {
      title: t('settingsParameters.area'),
      dataIndex: 'area',
      width: 1,
      render: (a: SettingsArea) => t(`settingsParameters.areas.${a}`),
    },
    {
      title: t('settingsParameters.entity'),
      key: 'entity',
      render: (_, c) => (
        <Flex vertical>
          <Typography.Text>{entityName(c)}</Typography.Text>
          <Typography.Text type="secondary">{t(`settingsParameters.actions.${c.action}`)}</Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('settingsParameters.what'),
      key: 'changes',
      render: (_, c) => <ChangeList change={c} fields={fields} />,
    },
  ];

  return (
    <Flex vertical gap={8}>
      <Select<SettingsArea | 'all'>
        aria-label={t('settingsParameters.area')}
        style={{ width: 260 }}
        value={area ?? 'all'}
        onChange={(value) => {
          setArea(value === 'all' ? null : value);
          setPage(1);
        }}
        options={[
          { value: 'all', label: t('settingsParameters.allAreas') },
          ...SETTINGS_AREAS.map((a) => ({ value: a, label: t(`settingsParameters.areas.${a}`) })),
        ]}
      />
      {changes.isError ? (
        <QueryErrorAlert error={changes.error} onRetry={() => void changes.refetch()} />
      ) : (
        <Table<SettingsChange>
          size="small"
          bordered
          rowKey="id"
          loading={changes.isFetching}
          dataSource={changes.data?.items}
          columns={columns}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: changes.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (count) => t('settingsParameters.total', { count }),
            onChange: setPage,
          }}
        />
      )}
    </Flex>
  );
}
