import type { ReactNode } from 'react';
import { Alert, App, Form, Input, InputNumber, Modal, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApiError } from '../../../http/use-api-error.js';
import { dialogFormLayout } from '../../../shared/form-layout.js';
import { ColorSwatch, useEntryName } from './BookEntryName.js';
import { useSaveBookEntry, type BookPath, type Books } from './books.api.js';

/** The fields every entry has, as the form holds them. */
export interface CommonValues {
  code: string;
  nameRu: string;
  nameUk: string;
  nameEn: string;
  sortOrder: number | null;
  color: string;
  isActive: boolean;
}

/**
 * The «Свойства» dialog of a book entry: creates one (`entry` null) or edits one. The book adds
 * its own fields as children and turns their values into the request (`toBody`). A system entry
 * keeps its code (the field is locked).
 */
export function BookEntryDialog<P extends BookPath, V extends object>({
  path,
  entry,
  ownInitial,
  toBody,
  onClose,
  title,
  children,
}: {
  path: P;
  entry: Books[P]['entry'] | null;
  ownInitial: V;
  toBody: (values: V) => Partial<Books[P]['create']>;
  onClose: () => void;
  title?: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CommonValues & V>();
  const save = useSaveBookEntry(path, entry?.id ?? null);
  const handleError = useApiError();
  const name = useEntryName();
  const color = Form.useWatch('color', form);

  const initialValues = {
    code: entry?.code ?? '',
    nameRu: entry?.nameRu ?? '',
    nameUk: entry?.nameUk ?? '',
    nameEn: entry?.nameEn ?? '',
    sortOrder: entry?.sortOrder ?? null,
    color: entry?.color ?? '',
    isActive: entry?.isActive ?? true,
    ...ownInitial,
  };
  const submit = (values: CommonValues & V) => {
    const { code, nameRu, nameUk, nameEn, sortOrder, color: c, isActive, ...own } = values;
    const body = {
      ...(!entry?.isSystem && { code: code.trim() }),
      nameRu,
      nameUk,
      nameEn,
      isActive,
      color: c.trim() || null,
      ...(sortOrder !== null && { sortOrder }),
      ...toBody(own as unknown as V),
    } as Partial<Books[P]['create']>;
    save.mutate(body, {
      onSuccess: () => {
        void message.success(t('common.saved'));
        onClose();
      },
      onError: (e) => handleError(e, form),
    });
  };
  const required = { required: true, whitespace: true, message: t('common.required') };

  return (
    <Modal
      open
      title={
        title ??
        (entry ? t('settingsBooks.propertiesOf', { name: name(entry) }) : t('settingsBooks.properties'))
      }
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ htmlType: 'submit', loading: save.isPending }}
      onCancel={onClose}
      width={620}
      modalRender={(dom) => (
        <Form<CommonValues & V>
          form={form}
          name={`book-${path}`}
          {...dialogFormLayout}
          initialValues={initialValues as CommonValues & V}
          onFinish={submit}
        >
          {dom}
        </Form>
      )}
    >
      {entry?.isSystem && (
        <Alert type="info" showIcon title={t('settingsBooks.systemHint')} style={{ marginBottom: 12 }} />
      )}
      <Form.Item
        label={t('settingsBooks.fields.code')}
        name="code"
        rules={[required]}
        extra={t('settingsBooks.fields.codeHint')}
      >
        <Input maxLength={64} disabled={entry?.isSystem} autoComplete="off" />
      </Form.Item>
      <Form.Item label={t('settingsBooks.fields.nameRu')} name="nameRu" rules={[required]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item label={t('settingsBooks.fields.nameUk')} name="nameUk" rules={[required]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item label={t('settingsBooks.fields.nameEn')} name="nameEn" rules={[required]}>
        <Input maxLength={200} />
      </Form.Item>
      {children}
      <Form.Item label={t('settingsBooks.fields.sortOrder')} name="sortOrder">
        <InputNumber min={0} max={1_000_000} precision={0} />
      </Form.Item>
      <Form.Item label={t('settingsBooks.fields.color')} name="color">
        <Input
          maxLength={7}
          placeholder={`#rrggbb — ${t('settingsBooks.fields.noColor')}`}
          prefix={<ColorSwatch color={/^#[0-9a-fA-F]{6}$/.test(color ?? '') ? (color ?? null) : null} />}
          style={{ width: 240 }}
        />
      </Form.Item>
      <Form.Item label={t('settingsBooks.fields.isActive')} name="isActive" valuePropName="checked">
        <Switch />
      </Form.Item>
    </Modal>
  );
}
