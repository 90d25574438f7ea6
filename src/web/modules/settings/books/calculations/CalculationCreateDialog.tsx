import { Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Calculation, CalcDocType, CalcTrigger } from '../../../../../shared/schemas/calculations.js';
import { FormDialog, useDialogSave } from '../../../../shared/FormDialog.js';
import { useCreateCalculation } from './calculations.api.js';
import { useCalcOptions } from './calc-options.js';

interface Values {
  name: string;
  docType: CalcDocType;
  trigger: CalcTrigger;
}

/** «Создать»: what a calculation is about; the code and limits are set in its editor, opened next. */
export function CalculationCreateDialog({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (calc: Calculation) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const create = useCreateCalculation();
  const dialogSave = useDialogSave(form, onClose);
  const options = useCalcOptions();
  const trigger = Form.useWatch('trigger', form);
  const required = { required: true, message: t('common.required') };

  return (
    <FormDialog<Values>
      title={t('settingsBooks.calc.newTitle')}
      form={form}
      name="calculation-new"
      initialValues={{ name: '', docType: 'task', trigger: 'before_save' }}
      onFinish={(values) =>
        create.mutate(
          { ...values, name: values.name.trim() },
          {
            ...dialogSave,
            onSuccess: (calc) => {
              dialogSave.onSuccess();
              onCreated(calc);
            },
          },
        )
      }
      saving={create.isPending}
      onClose={onClose}
      width={620}
    >
      <Form.Item
        label={t('settingsBooks.calc.fields.name')}
        name="name"
        rules={[{ ...required, whitespace: true }]}
      >
        <Input maxLength={200} autoFocus />
      </Form.Item>
      <Form.Item label={t('settingsBooks.calc.fields.docType')} name="docType" rules={[required]}>
        <Select options={options.docTypes} />
      </Form.Item>
      <Form.Item
        label={t('settingsBooks.calc.fields.trigger')}
        name="trigger"
        rules={[required]}
        extra={trigger && t(`settingsBooks.calc.triggerHints.${trigger}`)}
      >
        <Select options={options.triggers} />
      </Form.Item>
    </FormDialog>
  );
}
