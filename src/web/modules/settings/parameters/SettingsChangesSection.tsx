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

const PAGE_SIZE = 20;

/** Field names this tab knows; fields of other settings areas are shown by their API name. */
function useFieldLabels(): Record<string, string> {
  const { t } = useTranslation();
  return {
    position: t('settingsParameters.position'),
    phone: t('settingsParameters.phone'),
    sipNumber: t('settingsParameters.sipNumber'),
    isPhoneAutostart: t('settingsParameters.isPhoneAutostart'),
    isCorporateMail: t('settingsParameters.isCorporateMail'),
    isTelephonyStatuses: t('settingsParameters.isTelephonyStatuses'),
    isCallPopup: t('settingsParameters.isCallPopup'),
    isNotificationSound: t('settingsParameters.isNotificationSound'),
    isLoadingEnabled: t('settingsParameters.isLoadingEnabled'),
    sourcePath: t('settingsParameters.sourcePath'),
    minNumberLength: t('settingsParameters.minNumberLength'),
    pollIntervalSeconds: t('settingsParameters.pollIntervalSeconds'),
  };
}

/** The fields of a notification rule (Параметры → Оповещение). */
function useRuleFieldLabels(): Record<string, string> {
  const { t } = useTranslation();
  return Object.fromEntries(
    (
      [
        'isEnabled',
        'recipients',
        'inApp',
        'email',
        'isMandatory',
        'leadMinutes',
        'statusIds',
        'userIds',
      ] as const
    ).map((field) => [field, t(`notifications.fields.${field}`)]),
  );
}

/** The changed fields of one entry, one per line: field: old → new. */
function ChangeList({ change }: { change: SettingsChange }) {
  const { t } = useTranslation();
  const generalLabels = useFieldLabels();
  const ruleLabels = useRuleFieldLabels();
  const senderLabels: Record<string, string> = {
    address: t('systemMail.sender.address'),
    name: t('systemMail.sender.name'),
    isPasswordSet: t('systemMail.sender.passwordSet'),
  };
  const labels =
    change.entity === 'notification_rule'
      ? ruleLabels
      : change.entity === 'system_sender'
        ? senderLabels
        : generalLabels;
  const timeZoneLabel =
    change.area === 'enterprise'
      ? t('settingsParameters.enterpriseTimeZone')
      : t('settingsParameters.timeZone');
  const show = (value: unknown): string => {
    if (value === null || value === undefined || value === '') return t('common.none');
    if (typeof value === 'boolean') return value ? t('settingsParameters.yes') : t('settingsParameters.no');
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  };
  return (
    <Flex vertical gap={2}>
      {Object.entries(change.changes).map(([field, { old: before, new: after }]) => (
        <span key={field}>
          <Typography.Text type="secondary">
            {field === 'timeZone' ? timeZoneLabel : (labels[field] ?? field)}:
          </Typography.Text>{' '}
          {change.action !== 'create' && (
            <>
              <Typography.Text delete={change.action === 'delete'}>{show(before)}</Typography.Text> →{' '}
            </>
          )}
          {change.action !== 'delete' && <Typography.Text strong>{show(after)}</Typography.Text>}
        </span>
      ))}
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
  const entityLabels: Record<string, string> = {
    user_parameters: t('settingsParameters.entities.userParameters'),
    telephony_settings: t('settingsParameters.entities.telephonySettings'),
    enterprise: t('settingsParameters.entities.enterprise'),
    mail_template: t('settingsParameters.entities.mailTemplate'),
    system_sender: t('settingsParameters.entities.systemSender'),
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
      render: (_, c) => <ChangeList change={c} />,
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
