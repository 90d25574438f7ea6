import { App, Button, Card, Flex, Form, Select, Switch, Table, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  EMAIL_MODES,
  type EmailMode,
  type NotificationPreferences,
  type UpdateNotificationPreferencesRequest,
} from '../../../shared/schemas/notifications.js';
import { useApiError } from '../../http/use-api-error.js';
import { QueryErrorAlert } from '../../shared/QueryErrorAlert.js';
import { useNotificationPreferences, useSaveNotificationPreferences } from './notifications.api.js';

type Item = NotificationPreferences['items'][number];
type Values = Required<UpdateNotificationPreferencesRequest>;
type Channel = 'inApp' | 'email';

const HOURS = Array.from({ length: 24 }, (_, h) => ({ value: h, label: `${String(h).padStart(2, '0')}:00` }));

const toValues = (p: NotificationPreferences): Values => ({
  items: p.items.map(({ trigger, inApp, email }) => ({ trigger, inApp, email })),
  emailMode: p.emailMode,
  digestHour: p.digestHour,
});

/** Why the user may not change a channel of a trigger, or null when they may. */
function useLock(hasEmail: boolean) {
  const { t } = useTranslation();
  return (item: Item, channel: Channel): { reason: string; checked: boolean } | null => {
    const { rule } = item;
    if (!rule.isEnabled) return { reason: t('notifications.preferences.ruleOff'), checked: false };
    if (!rule[channel]) return { reason: t('notifications.preferences.channelOff'), checked: false };
    if (channel === 'email' && !hasEmail)
      return { reason: t('notifications.preferences.noEmail'), checked: false };
    if (rule.isMandatory) return { reason: t('notifications.preferences.mandatory'), checked: true };
    return null;
  };
}

function PreferencesForm({ data }: { data: NotificationPreferences }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveNotificationPreferences();
  const handleError = useApiError();
  const lock = useLock(data.emailAddress !== null);
  const emailMode = Form.useWatch('emailMode', form) ?? data.emailMode;

  const channel = (channelName: Channel) => (_: unknown, item: Item, index: number) => {
    const locked = lock(item, channelName);
    const label = `${t(`notifications.triggers.${item.trigger}`)}: ${t(`notifications.preferences.${channelName}`)}`;
    if (locked)
      return (
        <Tooltip title={locked.reason}>
          <Switch size="small" aria-label={label} checked={locked.checked} disabled />
        </Tooltip>
      );
    return (
      <Form.Item name={['items', index, channelName]} valuePropName="checked" noStyle>
        <Switch size="small" aria-label={label} />
      </Form.Item>
    );
  };
  const columns: TableColumnsType<Item> = [
    {
      title: t('notifications.preferences.trigger'),
      key: 'trigger',
      render: (_, item) => t(`notifications.triggers.${item.trigger}`),
    },
    {
      title: t('notifications.preferences.inApp'),
      key: 'inApp',
      align: 'center',
      width: 1,
      render: channel('inApp'),
    },
    {
      title: t('notifications.preferences.email'),
      key: 'email',
      align: 'center',
      width: 1,
      render: channel('email'),
    },
  ];

  return (
    <Form<Values>
      form={form}
      name="notification-preferences"
      layout="vertical"
      initialValues={toValues(data)}
      // The whole store: the trigger of each item and the switches the user may not change are not fields.
      onFinish={() =>
        save.mutate(form.getFieldsValue(true) as Values, {
          onSuccess: (saved) => {
            form.setFieldsValue(toValues(saved));
            void message.success(t('common.saved'));
          },
          onError: (e) => handleError(e, form),
        })
      }
    >
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t('notifications.preferences.hint')}</Typography.Text>
        <Table<Item>
          size="small"
          bordered
          rowKey="trigger"
          dataSource={data.items}
          columns={columns}
          pagination={false}
        />
        <Typography.Text type="secondary">
          {data.emailAddress
            ? t('notifications.preferences.emailAddress', { address: data.emailAddress })
            : t('notifications.preferences.noEmail')}
        </Typography.Text>
        <Flex gap={12} wrap>
          <Form.Item
            label={t('notifications.preferences.emailMode')}
            name="emailMode"
            style={{ marginBottom: 0, minWidth: 260 }}
          >
            <Select<EmailMode>
              disabled={data.emailAddress === null}
              options={EMAIL_MODES.map((mode) => ({
                value: mode,
                label: t(`notifications.preferences.modes.${mode}`),
              }))}
            />
          </Form.Item>
          {emailMode === 'daily' && (
            <Form.Item
              label={t('notifications.preferences.digestHour')}
              name="digestHour"
              tooltip={t('notifications.preferences.digestHourHint')}
              style={{ marginBottom: 0, minWidth: 120 }}
            >
              <Select<number> disabled={data.emailAddress === null} options={HOURS} />
            </Form.Item>
          )}
        </Flex>
        <div>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </div>
      </Flex>
    </Form>
  );
}

/** Профиль → «Мои уведомления»: which notifications the user takes, by which channel, and how letters come. */
export function MyNotificationsCard() {
  const { t } = useTranslation();
  const preferences = useNotificationPreferences();
  return (
    <Card size="small" title={t('notifications.preferences.title')} loading={preferences.isPending}>
      {preferences.isError && (
        <QueryErrorAlert error={preferences.error} onRetry={() => void preferences.refetch()} />
      )}
      {preferences.data && <PreferencesForm data={preferences.data} />}
    </Card>
  );
}
