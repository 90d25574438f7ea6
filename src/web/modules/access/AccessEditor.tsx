import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Flex,
  Form,
  Select,
  Skeleton,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useTranslation } from 'react-i18next';
import {
  AREA_MODES,
  AREAS,
  DOC_ACTIONS,
  DOC_TYPES,
  LEVELS,
  type AccessSettings,
  type Area,
  type AreaMode,
  type AreaModes,
  type DocAction,
  type DocType,
  type JournalGrant,
  type Level,
  type PermissionMatrix,
  type SubjectKind,
} from '../../../shared/schemas/access.js';
import { useApiError } from '../../http/use-api-error.js';
import { QueryErrorAlert } from '../../shared/QueryErrorAlert.js';
import { useAccessSettings, useSaveAccessSettings } from './access.api.js';
import { widerAreaMode, widerLevel } from './access-rules.js';
import { JournalGrantsField } from './JournalGrantsField.js';

interface Values {
  permissions: PermissionMatrix;
  areas: AreaModes;
  journals: JournalGrant[];
}

const valuesOf = (s: AccessSettings): Values => ({
  permissions: s.permissions,
  areas: s.areas,
  journals: s.journals,
});

/** The right pane of Доступ к данным: everything set on one role or one user. */
export function AccessEditor({ kind, id }: { kind: SubjectKind; id: number }) {
  const { t } = useTranslation();
  const settings = useAccessSettings(kind, id);
  if (settings.isError)
    return <QueryErrorAlert error={settings.error} onRetry={() => void settings.refetch()} />;
  if (settings.isPending) return <Skeleton active />;
  const s = settings.data;
  return (
    <Flex vertical gap={12}>
      <Flex align="center" gap={8}>
        <Typography.Title level={5} style={{ margin: 0 }} data-testid="access-subject">
          {s.subject.name}
        </Typography.Title>
        <Tag>{t(`access.kinds.${s.subject.kind}`)}</Tag>
        {s.subject.isAdmin && <Tag color="gold">{t('access.fullAccess')}</Tag>}
      </Flex>
      {s.subject.kind === 'role' && s.subject.isAdmin ? (
        <Alert type="info" showIcon title={t('access.adminRole', { name: s.subject.name })} />
      ) : (
        <AccessForm settings={s} />
      )}
    </Flex>
  );
}

function AccessForm({ settings }: { settings: AccessSettings }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { kind, id, isAdmin } = settings.subject;
  const save = useSaveAccessSettings(kind, id);
  const handleError = useApiError();
  const effective = kind === 'user' ? settings.effective : null;
  // What «Отменить изменения» goes back to: the settings as last loaded or saved.
  const [saved, setSaved] = useState(() => valuesOf(settings));

  const submit = (values: Values) =>
    save.mutate(values, {
      onSuccess: (answer) => {
        setSaved(valuesOf(answer));
        form.setFieldsValue(valuesOf(answer));
        void message.success(t('access.saved'));
      },
      onError: (e) => handleError(e, form),
    });

  return (
    <Form<Values> form={form} name="access" initialValues={saved} onFinish={submit}>
      <Flex vertical gap={12}>
        {kind === 'user' && isAdmin && <Alert type="warning" showIcon title={t('access.adminUser')} />}
        {kind === 'user' && (
          <Typography.Text type="secondary" data-testid="access-user-roles">
            {settings.roles.length
              ? t('access.userRoles', { roles: settings.roles.map((r) => r.name).join(', ') })
              : t('access.noRoles')}
          </Typography.Text>
        )}

        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('access.sections.permissions')}
        </Typography.Title>
        <PermissionTable effective={effective?.permissions ?? null} />
        <Typography.Text type="secondary">{t('access.levelsHint')}</Typography.Text>

        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('access.sections.areas')}
        </Typography.Title>
        <AreaTable effective={effective?.areas ?? null} />

        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('access.sections.journals')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('access.journalsHint')}</Typography.Text>
        <Form.Item name="journals" style={{ margin: 0 }}>
          <JournalGrantsField effective={effective?.journals ?? null} />
        </Form.Item>

        <Flex gap={8}>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
          <Button onClick={() => form.setFieldsValue(saved)}>{t('access.reset')}</Button>
        </Flex>
      </Flex>
    </Form>
  );
}

/** Document types × actions, a level in each cell. */
function PermissionTable({ effective }: { effective: PermissionMatrix | null }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<{ docType: DocType }> = [
    {
      title: t('access.docType'),
      key: 'docType',
      render: (_, { docType }) => <Typography.Text strong>{t(`access.docTypes.${docType}`)}</Typography.Text>,
    },
    ...DOC_ACTIONS.map((action) => ({
      title: t(`access.actions.${action}`),
      key: action,
      render: (_: unknown, { docType }: { docType: DocType }) => (
        <LevelCell docType={docType} action={action} effective={effective?.[docType][action] ?? null} />
      ),
    })),
  ];
  return (
    <Table<{ docType: DocType }>
      size="small"
      bordered
      pagination={false}
      rowKey="docType"
      dataSource={DOC_TYPES.map((docType) => ({ docType }))}
      columns={columns}
      scroll={{ x: 'max-content' }}
      data-testid="permission-matrix"
    />
  );
}

function LevelCell({
  docType,
  action,
  effective,
}: {
  docType: DocType;
  action: DocAction;
  effective: Level | null;
}) {
  const { t } = useTranslation();
  const name = ['permissions', docType, action];
  const value = Form.useWatch<Level | undefined>(name);
  return (
    <Flex vertical gap={2} align="flex-start">
      <Form.Item name={name} style={{ margin: 0 }}>
        <Select<Level>
          size="small"
          aria-label={`${t(`access.docTypes.${docType}`)}: ${t(`access.actions.${action}`)}`}
          style={{ width: 110 }}
          options={LEVELS.map((level) => ({ value: level, label: t(`access.levels.${level}`) }))}
        />
      </Form.Item>
      {effective && widerLevel(effective, value) && (
        <Tag color="blue" style={{ margin: 0 }}>
          {t('access.byRoles', { value: t(`access.levels.${effective}`) })}
        </Tag>
      )}
    </Flex>
  );
}

/** Settings areas: none, read or write each. */
function AreaTable({ effective }: { effective: AreaModes | null }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<{ area: Area }> = [
    {
      title: t('access.area'),
      key: 'area',
      render: (_, { area }) => t(`access.areas.${area}`),
    },
    {
      title: t('access.grant'),
      key: 'mode',
      render: (_, { area }) => <AreaCell area={area} effective={effective?.[area] ?? null} />,
    },
  ];
  return (
    <Table<{ area: Area }>
      size="small"
      bordered
      pagination={false}
      rowKey="area"
      dataSource={AREAS.map((area) => ({ area }))}
      columns={columns}
      data-testid="area-modes"
    />
  );
}

function AreaCell({ area, effective }: { area: Area; effective: AreaMode | null }) {
  const { t } = useTranslation();
  const name = ['areas', area];
  const value = Form.useWatch<AreaMode | undefined>(name);
  return (
    <Flex gap={6} align="center" wrap>
      <Form.Item name={name} style={{ margin: 0 }}>
        <Select<AreaMode>
          size="small"
          aria-label={t(`access.areas.${area}`)}
          style={{ width: 140 }}
          options={AREA_MODES.map((mode) => ({ value: mode, label: t(`access.areaModes.${mode}`) }))}
        />
      </Form.Item>
      {effective && widerAreaMode(effective, value) && (
        <Tag color="blue" style={{ margin: 0 }}>
          {t('access.byRoles', { value: t(`access.areaModes.${effective}`) })}
        </Tag>
      )}
    </Flex>
  );
}
