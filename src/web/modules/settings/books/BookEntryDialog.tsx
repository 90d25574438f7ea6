import type { ReactNode } from 'react';
import { Alert, Form, Input, InputNumber, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { ColorSwatch, useEntryName } from './BookEntryName.js';
import { useSaveBookEntry, type BookPath, type Books } from './books.api.js';
import { FormDialog, useDialogSave } from '../../../shared/FormDialog.js';

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
  const [form] = Form.useForm<CommonValues & V>();
  const save = useSaveBookEntry(path, entry?.id ?? null);
  const dialogSave = useDialogSave(form, onClose);
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
    save.mutate(body, dialogSave);
  };
  const required = { required: true, whitespace: true, message: t('common.required') };

  return (
    <FormDialog<CommonValues & V>
      title={
        title ??
        (entry ? t('settingsBooks.propertiesOf', { name: name(entry) }) : t('settingsBooks.properties'))
      }
      form={form}
      name={`book-${path}`}
      initialValues={initialValues as CommonValues & V}
      onFinish={submit}
      saving={save.isPending}
      onClose={onClose}
      width={620}
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
    </FormDialog>
  );
}
