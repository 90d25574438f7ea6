import { Form, Input, InputNumber, Radio, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  DEVICE_KINDS,
  type DeviceKind,
  type QueueDevice,
  type QueueDeviceWithToken,
} from '../../../../../shared/schemas/queue.js';
import { FormDialog, useDialogSave } from '../../../../shared/FormDialog.js';
import { useEntryName } from '../../../settings/books/BookEntryName.js';
import { useCreateDevice, useQueueServices, useUpdateDevice } from '../setup.api.js';

interface Values {
  name: string;
  kind: DeviceKind;
  ticketsPerMinute: number | null;
  serviceIds: number[];
  isActive: boolean;
}

/**
 * Creates a kiosk or a board (`device` null; `onCreated` gets the token and the address, shown
 * once) or edits one. The kind is chosen once: a kiosk's page and a board's are different pages.
 */
export function DeviceDialog({
  device,
  onClose,
  onCreated,
}: {
  device: QueueDevice | null;
  onClose: () => void;
  onCreated: (created: QueueDeviceWithToken) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const create = useCreateDevice();
  const update = useUpdateDevice();
  const dialogSave = useDialogSave(form, onClose);
  const services = useQueueServices();
  const name = useEntryName();
  const kind = Form.useWatch('kind', form) ?? device?.kind ?? 'kiosk';
  const chosen = new Set(device?.serviceIds ?? []);

  const submit = (values: Values) => {
    const body = {
      name: values.name.trim(),
      serviceIds: values.serviceIds,
      isActive: values.isActive,
      ...(values.kind === 'kiosk' &&
        values.ticketsPerMinute !== null && { ticketsPerMinute: values.ticketsPerMinute }),
    };
    if (device) return update.mutate({ id: device.id, body }, dialogSave);
    create.mutate(
      { ...body, kind: values.kind },
      {
        ...dialogSave,
        onSuccess: (created) => {
          dialogSave.onSuccess();
          onCreated(created);
        },
      },
    );
  };

  return (
    <FormDialog<Values>
      title={
        device ? t('queue.setup.devices.editTitle', { name: device.name }) : t('queue.setup.devices.newTitle')
      }
      form={form}
      name="queue-device"
      initialValues={{
        name: device?.name ?? '',
        kind: device?.kind ?? 'kiosk',
        ticketsPerMinute: device?.ticketsPerMinute ?? 30,
        serviceIds: device?.serviceIds ?? [],
        isActive: device?.isActive ?? true,
      }}
      onFinish={submit}
      saving={create.isPending || update.isPending}
      onClose={onClose}
      width={620}
    >
      <Form.Item
        label={t('queue.setup.devices.name')}
        name="name"
        rules={[{ required: true, whitespace: true, message: t('common.required') }]}
      >
        <Input maxLength={100} autoFocus />
      </Form.Item>
      <Form.Item label={t('queue.setup.devices.kind')} name="kind">
        <Radio.Group
          aria-label={t('queue.setup.devices.kind')}
          disabled={!!device}
          options={DEVICE_KINDS.map((k) => ({ value: k, label: t(`queue.setup.devices.kinds.${k}`) }))}
        />
      </Form.Item>
      {kind === 'kiosk' && (
        <Form.Item
          label={t('queue.setup.devices.rateLimit')}
          name="ticketsPerMinute"
          extra={t('queue.setup.devices.rateLimitHint')}
        >
          <InputNumber min={1} max={600} precision={0} />
        </Form.Item>
      )}
      <Form.Item
        label={t('queue.setup.devices.services')}
        name="serviceIds"
        extra={t('queue.setup.devices.servicesHint')}
      >
        <Select<number[]>
          mode="multiple"
          allowClear
          loading={services.isPending}
          placeholder={t('queue.setup.devices.allServices')}
          showSearch={{ optionFilterProp: 'label' }}
          options={(services.data ?? [])
            .filter((s) => s.isActive || chosen.has(s.id))
            .map((s) => ({ value: s.id, label: `${s.prefix} — ${name(s)}`, disabled: !s.isActive }))}
        />
      </Form.Item>
      <Form.Item label={t('queue.setup.devices.isActive')} name="isActive" valuePropName="checked">
        <Switch />
      </Form.Item>
    </FormDialog>
  );
}
