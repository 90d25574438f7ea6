import { useMemo, useState, type ReactNode } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Flex,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  type SelectProps,
  type TableColumnsType,
} from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  LEAD_TRIGGERS,
  NOTIFICATION_TRIGGERS,
  RECIPIENT_ROLES,
  STATUS_FILTER_TRIGGERS,
  TRIGGER_RECIPIENTS,
  type NotificationRule,
  type NotificationRules,
  type NotificationTrigger,
  type UpdateNotificationRulesRequest,
} from '../../../shared/schemas/notifications.js';
import { ApiError } from '../../http/client.js';
import { useApiError } from '../../http/use-api-error.js';
import { QueryErrorAlert } from '../../shared/QueryErrorAlert.js';
import { useUserDirectory } from '../../shared/pickers/UserSelect.js';
import { useBook } from '../settings/books/books.api.js';
import { useEntryName } from '../settings/books/BookEntryName.js';
import { useNotificationRules, useSaveNotificationRules } from './notifications.api.js';

type Row = UpdateNotificationRulesRequest['rules'][number];
type Field = Exclude<keyof Row, 'trigger'>;
/** Server field errors by `${row index}.${field}`; '' is the row itself. */
type Errors = Record<string, string>;

type LeadTrigger = (typeof LEAD_TRIGGERS)[number];
/** A deadline is hours away, a meeting minutes: each lead time in its natural unit. */
const LEAD_UNIT: Record<LeadTrigger, 'hours' | 'minutes'> = {
  task_deadline_soon: 'hours',
  event_reminder: 'minutes',
};
const MAX_LEAD_HOURS = 30 * 24;
const isLead = (t: NotificationTrigger): t is LeadTrigger => (LEAD_TRIGGERS as readonly string[]).includes(t);
const hasStatusFilter = (t: NotificationTrigger) => (STATUS_FILTER_TRIGGERS as readonly string[]).includes(t);
/** Fields shown in a cell of their own; errors of any other field are shown under the trigger. */
const CELL_FIELDS = new Set<string>([
  'isEnabled',
  'inApp',
  'email',
  'isMandatory',
  'leadMinutes',
  'statusIds',
  'userIds',
]);

const toRow = (r: NotificationRule): Row => ({
  trigger: r.trigger,
  isEnabled: r.isEnabled,
  recipients: r.recipients,
  inApp: r.inApp,
  email: r.email,
  isMandatory: r.isMandatory,
  leadMinutes: r.leadMinutes,
  statusIds: r.statusIds,
  userIds: r.userIds,
});

/** Every trigger, in the schema's order; one the server did not list starts switched off. */
const rowsOf = (data: NotificationRules): Row[] =>
  NOTIFICATION_TRIGGERS.map((trigger) => {
    const rule = data.rules.find((r) => r.trigger === trigger);
    return rule
      ? toRow(rule)
      : {
          trigger,
          isEnabled: false,
          recipients: [],
          inApp: true,
          email: false,
          isMandatory: false,
          leadMinutes: null,
          statusIds: [],
          userIds: [],
        };
  });

/** `rules.3.leadMinutes` → `3.leadMinutes`; fields without a cell of their own → `3.`. */
function errorsOf(error: unknown): { errors: Errors; unmatched: boolean } {
  const fields = error instanceof ApiError ? error.fields : [];
  const errors: Errors = {};
  let unmatched = fields.length === 0;
  for (const f of fields) {
    const [root, index, field] = f.path.split('.');
    if (root !== 'rules' || !index || !/^\d+$/.test(index)) {
      unmatched = true;
      continue;
    }
    const key = `${index}.${field && CELL_FIELDS.has(field) ? field : ''}`;
    errors[key] = errors[key] ? `${errors[key]}; ${f.message}` : f.message;
  }
  return { errors, unmatched };
}

function CellError({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <Typography.Text type="danger" role="alert" style={{ display: 'block' }}>
      {message}
    </Typography.Text>
  );
}

/** Deleted or inactive entries a rule still names: kept visible, in red, until removed. */
const staleTagRender =
  (stale: ReadonlySet<number>): SelectProps['tagRender'] =>
  ({ label, value, closable, onClose }) => (
    <Tag
      color={stale.has(Number(value)) ? 'red' : undefined}
      closable={closable}
      onClose={onClose}
      onMouseDown={(e) => e.preventDefault()}
      style={{ marginInlineEnd: 4 }}
    >
      {label}
    </Tag>
  );

/** Lead time in hours or minutes; stored in minutes either way. */
function LeadInput({
  unit,
  value,
  onChange,
  disabled,
  label,
  invalid,
}: {
  unit: 'hours' | 'minutes';
  value: number | null;
  onChange: (minutes: number | null) => void;
  disabled: boolean;
  label: string;
  invalid: boolean;
}) {
  const { t } = useTranslation();
  const hours = unit === 'hours';
  return (
    <Tooltip
      title={hours ? t('notifications.rules.leadHoursHint') : t('notifications.rules.leadMinutesHint')}
    >
      <InputNumber<number>
        size="small"
        aria-label={label}
        status={invalid ? 'error' : undefined}
        disabled={disabled}
        min={1}
        max={hours ? MAX_LEAD_HOURS : MAX_LEAD_HOURS * 60}
        precision={hours ? undefined : 0}
        value={value === null ? null : hours ? value / 60 : value}
        onChange={(v) => onChange(v === null ? null : Math.round(hours ? v * 60 : v))}
        suffix={hours ? t('notifications.rules.hours') : t('notifications.rules.minutes')}
        style={{ width: 92 }}
      />
    </Tooltip>
  );
}

/** The matrix itself, edited locally and saved whole. */
function RulesMatrix({ data }: { data: NotificationRules }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const handleError = useApiError();
  const save = useSaveNotificationRules();
  const initial = useMemo(() => rowsOf(data), [data]);
  const [rows, setRows] = useState<Row[]>(initial);
  const [errors, setErrors] = useState<Errors>({});
  const statuses = useBook('task-statuses');
  const users = useUserDirectory();
  const statusName = useEntryName();

  const staleOf = (trigger: NotificationTrigger) => {
    const rule = data.rules.find((r) => r.trigger === trigger);
    return { statusIds: new Set(rule?.stale.statusIds), userIds: new Set(rule?.stale.userIds) };
  };
  const update = (index: number, patch: Partial<Row>) => {
    setRows((all) => all.map((row, i) => (i === index ? { ...row, ...patch } : row)));
    setErrors((all) => {
      const next = { ...all };
      for (const field of Object.keys(patch)) delete next[`${index}.${CELL_FIELDS.has(field) ? field : ''}`];
      return next;
    });
  };
  const triggerName = (trigger: NotificationTrigger) => t(`notifications.triggers.${trigger}`);

  const statusOptions = (selected: number[], stale: ReadonlySet<number>) => {
    const entries = statuses.data ?? [];
    const options = entries
      .filter((e) => e.isActive || selected.includes(e.id))
      .map((e) => ({
        value: e.id,
        label:
          stale.has(e.id) || !e.isActive
            ? t('notifications.rules.deletedMark', { name: statusName(e) })
            : statusName(e),
      }));
    for (const id of selected)
      if (!entries.some((e) => e.id === id))
        options.push({ value: id, label: t('notifications.rules.deletedStatus', { id }) });
    return options;
  };
  const userOptions = (selected: number[], stale: ReadonlySet<number>) => {
    const directory = users.data ?? [];
    const options = directory
      .filter((u) => u.isActive || selected.includes(u.id))
      .map((u) => ({
        value: u.id,
        label:
          stale.has(u.id) || !u.isActive ? t('notifications.rules.deletedMark', { name: u.name }) : u.name,
        disabled: !u.isActive,
      }));
    for (const id of selected)
      if (!directory.some((u) => u.id === id))
        options.push({ value: id, label: t('notifications.rules.deletedUser', { id }), disabled: true });
    return options;
  };

  const check = (index: number, field: Field, row: Row, label: string, disabled = !row.isEnabled) => (
    <>
      <Checkbox
        aria-label={`${triggerName(row.trigger)}: ${label}`}
        checked={row[field] === true}
        disabled={disabled}
        onChange={(e) => update(index, { [field]: e.target.checked })}
      />
      <CellError message={errors[`${index}.${field}`]} />
    </>
  );

  const center = { align: 'center' as const, width: 1 };
  // Short headers («E-mail») must not break in the narrow columns.
  const narrow = { ...center, onHeaderCell: () => ({ style: { whiteSpace: 'nowrap' as const } }) };
  const columns: TableColumnsType<Row> = [
    {
      title: t('notifications.rules.trigger'),
      key: 'trigger',
      fixed: 'left',
      width: 200,
      render: (_, row, index) => (
        <>
          <Typography.Text strong={row.isEnabled} type={row.isEnabled ? undefined : 'secondary'}>
            {triggerName(row.trigger)}
          </Typography.Text>
          <CellError message={errors[`${index}.`]} />
        </>
      ),
    },
    {
      title: t('notifications.rules.enabled'),
      key: 'isEnabled',
      ...narrow,
      render: (_, row, index) => check(index, 'isEnabled', row, t('notifications.rules.enabled'), false),
    },
    {
      title: t('notifications.rules.recipients'),
      children: RECIPIENT_ROLES.map((role) => ({
        title: t(`notifications.roles.${role}`),
        key: `role-${role}`,
        ...center,
        render: (_: unknown, row: Row, index: number) =>
          TRIGGER_RECIPIENTS[row.trigger].includes(role) ? (
            <Checkbox
              aria-label={`${triggerName(row.trigger)}: ${t(`notifications.roles.${role}`)}`}
              checked={row.recipients.includes(role)}
              disabled={!row.isEnabled}
              onChange={(e) =>
                update(index, {
                  recipients: e.target.checked
                    ? RECIPIENT_ROLES.filter((r) => r === role || row.recipients.includes(r))
                    : row.recipients.filter((r) => r !== role),
                })
              }
            />
          ) : (
            <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
          ),
      })),
    },
    {
      title: t('notifications.rules.channels'),
      children: [
        {
          title: t('notifications.rules.inApp'),
          key: 'inApp',
          ...narrow,
          render: (_: unknown, row: Row, index: number) =>
            check(index, 'inApp', row, t('notifications.rules.inApp')),
        },
        {
          title: t('notifications.rules.email'),
          key: 'email',
          ...narrow,
          render: (_: unknown, row: Row, index: number) =>
            check(index, 'email', row, t('notifications.rules.email')),
        },
      ],
    },
    {
      title: (
        <Tooltip title={t('notifications.rules.mandatoryHint')}>{t('notifications.rules.mandatory')}</Tooltip>
      ),
      key: 'isMandatory',
      ...narrow,
      render: (_, row, index) => check(index, 'isMandatory', row, t('notifications.rules.mandatoryHint')),
    },
    {
      title: t('notifications.rules.lead'),
      key: 'leadMinutes',
      width: 110,
      render: (_, row, index) =>
        isLead(row.trigger) ? (
          <>
            <LeadInput
              unit={LEAD_UNIT[row.trigger]}
              value={row.leadMinutes}
              onChange={(leadMinutes) => update(index, { leadMinutes })}
              disabled={!row.isEnabled}
              label={`${triggerName(row.trigger)}: ${t('notifications.rules.lead')}`}
              invalid={Boolean(errors[`${index}.leadMinutes`])}
            />
            <CellError message={errors[`${index}.leadMinutes`]} />
          </>
        ) : null,
    },
    {
      title: t('notifications.rules.statuses'),
      key: 'statusIds',
      width: 200,
      render: (_, row, index) => {
        if (!hasStatusFilter(row.trigger)) return null;
        const stale = staleOf(row.trigger).statusIds;
        return (
          <>
            <Select<number[]>
              mode="multiple"
              size="small"
              aria-label={`${triggerName(row.trigger)}: ${t('notifications.rules.statuses')}`}
              placeholder={t('notifications.rules.anyStatus')}
              status={errors[`${index}.statusIds`] ? 'error' : undefined}
              disabled={!row.isEnabled}
              value={row.statusIds}
              onChange={(statusIds) => update(index, { statusIds })}
              options={statusOptions(row.statusIds, stale)}
              tagRender={staleTagRender(stale)}
              showSearch={{ optionFilterProp: 'label' }}
              loading={statuses.isLoading}
              style={{ width: '100%' }}
            />
            <CellError message={errors[`${index}.statusIds`]} />
          </>
        );
      },
    },
    {
      title: t('notifications.rules.users'),
      key: 'userIds',
      width: 200,
      render: (_, row, index) => {
        const stale = staleOf(row.trigger).userIds;
        return (
          <>
            <Select<number[]>
              mode="multiple"
              size="small"
              aria-label={`${triggerName(row.trigger)}: ${t('notifications.rules.users')}`}
              placeholder={t('notifications.rules.nobody')}
              status={errors[`${index}.userIds`] ? 'error' : undefined}
              disabled={!row.isEnabled}
              value={row.userIds}
              onChange={(userIds) => update(index, { userIds })}
              options={userOptions(row.userIds, stale)}
              tagRender={staleTagRender(stale)}
              showSearch={{ optionFilterProp: 'label' }}
              loading={users.isLoading}
              style={{ width: '100%' }}
            />
            <CellError message={errors[`${index}.userIds`]} />
          </>
        );
      },
    },
  ];

  const submit = () =>
    save.mutate(
      { rules: rows },
      {
        onSuccess: () => void message.success(t('common.saved')),
        onError: (e) => {
          const { errors: found, unmatched } = errorsOf(e);
          setErrors(found);
          if (unmatched) handleError(e);
        },
      },
    );
  const hasStale = data.rules.some((r) => r.stale.statusIds.length > 0 || r.stale.userIds.length > 0);

  return (
    <Flex vertical gap={12}>
      <Typography.Text type="secondary">{t('notifications.rules.hint')}</Typography.Text>
      <SenderWarning data={data} emailOn={rows.some((r) => r.isEnabled && r.email)} />
      {hasStale && <Alert type="warning" showIcon title={t('notifications.rules.staleHint')} />}
      <Table<Row>
        size="small"
        bordered
        rowKey="trigger"
        dataSource={rows}
        columns={columns}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="notification-rules"
      />
      <Space>
        <Button type="primary" loading={save.isPending} onClick={submit}>
          {t('common.save')}
        </Button>
        <Button
          onClick={() => {
            setRows(initial);
            setErrors({});
          }}
        >
          {t('notifications.rules.reset')}
        </Button>
      </Space>
    </Flex>
  );
}

/** E-mail notifications need the system sender: said when it is missing or its letters fail. */
function SenderWarning({ data, emailOn }: { data: NotificationRules; emailOn: boolean }) {
  const { t } = useTranslation();
  const notReady = emailOn && !data.systemSenderReady;
  if (!notReady && data.letters.failed === 0) return null;
  const text: ReactNode = (
    <>
      {notReady ? t('notifications.rules.senderNotReady') : t('notifications.rules.lettersFailed')}{' '}
      {t('notifications.rules.letterCounts', data.letters)}{' '}
      <Link to="/admin/mail-servers">{t('notifications.rules.toSender')}</Link>
    </>
  );
  return <Alert type="warning" showIcon title={text} data-testid="notification-sender-warning" />;
}

/** Настройка → Параметры → Оповещение (administrators). */
export function NotificationRulesSection() {
  const rules = useNotificationRules();
  if (rules.isError) return <QueryErrorAlert error={rules.error} onRetry={() => void rules.refetch()} />;
  if (!rules.data) return <Card loading />;
  // A save answers the rules as stored: the matrix starts again from them.
  return <RulesMatrix key={rules.dataUpdatedAt} data={rules.data} />;
}
