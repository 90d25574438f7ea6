import type { ReactNode } from 'react';
import { App, Form, Modal, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApiError } from '../http/use-api-error.js';
import { dialogFormLayout } from './form-layout.js';

/** A dialog holding one form (the seed's «Свойства»): Save submits it, Enter too; Cancel closes. */
export function FormDialog<V extends object>({
  title,
  form,
  name,
  initialValues,
  onFinish,
  saving,
  onClose,
  width,
  children,
}: {
  title: ReactNode;
  form: FormInstance<V>;
  name: string;
  initialValues?: Partial<V>;
  onFinish: (values: V) => void;
  saving: boolean;
  onClose: () => void;
  width?: number;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      open
      title={title}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ htmlType: 'submit', loading: saving }}
      onCancel={onClose}
      width={width}
      modalRender={(dom) => (
        <Form<V>
          form={form}
          name={name}
          {...dialogFormLayout}
          initialValues={initialValues}
          onFinish={onFinish}
        >
          {dom}
        </Form>
      )}
    >
      {children}
    </Modal>
  );
}

/** What a dialog's save does next: on success a toast and close; on failure errors at their fields. */
export function useDialogSave(form: FormInstance, onClose: () => void, successText?: string) {
  const { message } = App.useApp();
  const { t } = useTranslation();
  const handleError = useApiError();
  return {
    onSuccess: () => {
      void message.success(successText ?? t('common.saved'));
      onClose();
    },
    onError: (e: unknown) => handleError(e, form),
  };
}
