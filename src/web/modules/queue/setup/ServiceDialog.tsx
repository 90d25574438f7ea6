import { Form, Input, InputNumber, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import type { QueueService } from '../../../../shared/schemas/queue.js';
import { FormDialog, useDialogSave } from '../../../shared/FormDialog.js';
import { UserSelect } from '../../../shared/pickers/UserSelect.js';
import { useEntryName } from '../../settings/books/BookEntryName.js';
import { useQueueWindows, useSaveService } from './setup.api.js';

interface Values {
  nameRu: string;
  nameUk: string;
  nameEn: string;
  prefix: string;
  priority: number | null;
  isDailyReset: boolean;
  isActive: boolean;
  sortOrder: number | null;
  operatorIds: number[];
  windowIds: number[];
}

/** The same rule as the server's prefix: what follows it is the ticket's number of the day. */
const PREFIX = /^[A-ZА-ЯЁІЇЄҐ0-9]{1,3}$/u;

/** Creates a queue (`service` null) or edits one: names, prefix, priority, numbering, operators, windows. */
export function ServiceDialog({ service, onClose }: { service: QueueService | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const save = useSaveService(service?.id ?? null);
  const dialogSave = useDialogSave(form, onClose);
  const windows = useQueueWindows();
  const name = useEntryName();

  const initialValues: Values = {
    nameRu: service?.nameRu ?? '',
    nameUk: service?.nameUk ?? '',
    nameEn: service?.nameEn ?? '',
    prefix: service?.prefix ?? '',
    priority: service?.priority ?? 0,
    isDailyReset: service?.isDailyReset ?? true,
    isActive: service?.isActive ?? true,
    sortOrder: service?.sortOrder ?? 100,
    operatorIds: service?.operatorIds ?? [],
    windowIds: service?.windowIds ?? [],
  };
  const submit = (values: Values) =>
    save.mutate(
      {
        ...values,
        nameRu: values.nameRu.trim(),
        nameUk: values.nameUk.trim(),
        nameEn: values.nameEn.trim(),
        prefix: values.prefix.trim(),
        priority: values.priority ?? 0,
        sortOrder: values.sortOrder ?? 100,
      },
      dialogSave,
    );
  const required = { required: true, whitespace: true, message: t('common.required') };
  const chosenWindows = new Set(service?.windowIds ?? []);

  return (
    <FormDialog<Values>
      title={
        service
          ? t('queue.setup.services.editTitle', { name: name(service) })
          : t('queue.setup.services.newTitle')
      }
      form={form}
      name="queue-service"
      initialValues={initialValues}
      onFinish={submit}
      saving={save.isPending}
      onClose={onClose}
      width={680}
    >
      <Form.Item label={t('queue.setup.serviceFields.nameRu')} name="nameRu" rules={[required]}>
        <Input maxLength={200} autoFocus />
      </Form.Item>
      <Form.Item label={t('queue.setup.serviceFields.nameUk')} name="nameUk" rules={[required]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item label={t('queue.setup.serviceFields.nameEn')} name="nameEn" rules={[required]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item
        label={t('queue.setup.serviceFields.prefix')}
        name="prefix"
        extra={t('queue.setup.serviceFields.prefixHint')}
        normalize={(v: string | undefined) => (v ?? '').toUpperCase().trim()}
        rules={[required, { pattern: PREFIX, message: t('queue.setup.serviceFields.prefixInvalid') }]}
      >
        <Input maxLength={3} autoComplete="off" style={{ width: 100 }} />
      </Form.Item>
      <Form.Item
        label={t('queue.setup.serviceFields.priority')}
        name="priority"
        extra={t('queue.setup.serviceFields.priorityHint')}
      >
        <InputNumber min={-100} max={100} precision={0} />
      </Form.Item>
      <Form.Item
        label={t('queue.setup.serviceFields.isDailyReset')}
        name="isDailyReset"
        valuePropName="checked"
        extra={t('queue.setup.serviceFields.isDailyResetHint')}
      >
        <Switch />
      </Form.Item>
      <Form.Item
        label={t('queue.setup.serviceFields.operators')}
        name="operatorIds"
        extra={t('queue.setup.serviceFields.operatorsHint')}
      >
        <UserSelect multiple placeholder={t('queue.setup.serviceFields.operatorsPlaceholder')} />
      </Form.Item>
      <Form.Item
        label={t('queue.setup.serviceFields.windows')}
        name="windowIds"
        extra={t('queue.setup.serviceFields.windowsHint')}
      >
        <Select<number[]>
          mode="multiple"
          allowClear
          loading={windows.isPending}
          placeholder={t('queue.setup.serviceFields.windowsPlaceholder')}
          showSearch={{ optionFilterProp: 'label' }}
          options={(windows.data ?? [])
            .filter((w) => w.isActive || chosenWindows.has(w.id))
            .map((w) => ({ value: w.id, label: w.name, disabled: !w.isActive }))}
        />
      </Form.Item>
      <Form.Item label={t('queue.setup.serviceFields.sortOrder')} name="sortOrder">
        <InputNumber min={0} max={1_000_000} precision={0} />
      </Form.Item>
      <Form.Item
        label={t('queue.setup.serviceFields.isActive')}
        name="isActive"
        valuePropName="checked"
        extra={t('queue.setup.serviceFields.isActiveHint')}
      >
        <Switch />
      </Form.Item>
    </FormDialog>
  );
}
