import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Checkbox, Flex, Form, Input, Radio, Select, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useApiError } from '../../http/use-api-error.js';
import { CLIENT_KINDS, type ClientKind } from '../../../shared/schemas/card-files.js';
import {
  ADDRESS_KINDS,
  CLIENT_LIMITS,
  type Client,
  type ClientAddress,
  type CreateClient,
  type DuplicatesRequest,
} from '../../../shared/schemas/clients.js';
import { ApiError } from '../../http/client.js';
import { UserSelect } from '../../shared/pickers/UserSelect.js';
import { useDuplicates } from './clients.api.js';
import { EmailListField, emailsOf, PhoneListField, phonesOf, type PhoneRow } from './ChannelFields.js';

/** The requisites a form edits (contact persons have their own tab). */
export interface ClientFormValues {
  kind: ClientKind;
  name: string;
  shortName: string;
  taxId: string;
  phones: PhoneRow[];
  emails: string[];
  addresses: ClientAddress[];
  website: string;
  responsibleId: number | null;
  tags: string[];
  notes: string;
}

export const emptyClientValues: ClientFormValues = {
  kind: 'organization',
  name: '',
  shortName: '',
  taxId: '',
  phones: [{ kind: 'work', number: '' }],
  emails: [],
  addresses: [],
  website: '',
  responsibleId: null,
  tags: [],
  notes: '',
};

export function formValuesOf(c: Client): ClientFormValues {
  return {
    kind: c.kind,
    name: c.name,
    shortName: c.shortName,
    taxId: c.taxId ?? '',
    phones: c.phones.map((p) => ({ number: p.number, kind: p.kind })),
    emails: c.emails,
    addresses: c.addresses,
    website: c.website,
    responsibleId: c.responsible?.id ?? null,
    tags: c.tags,
    notes: c.notes,
  };
}

function bodyOf(v: ClientFormValues): Omit<CreateClient, 'contacts'> {
  return {
    kind: v.kind,
    name: v.name,
    shortName: v.shortName ?? '',
    taxId: v.taxId?.trim() || null,
    phones: phonesOf(v.phones),
    emails: emailsOf(v.emails),
    addresses: (v.addresses ?? []).filter((a) => a?.text?.trim()),
    website: v.website ?? '',
    responsibleId: v.responsibleId ?? null,
    tags: v.tags ?? [],
    notes: v.notes ?? '',
  };
}

/** The value after the user stopped typing for `ms`. */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** Cards that share the tax id, a phone or an e-mail with what is typed, with links, before saving. */
function DuplicatesAlert({ request }: { request: DuplicatesRequest }) {
  const { t } = useTranslation();
  const settled = useDebounced(JSON.stringify(request), 400);
  const duplicates = useDuplicates(JSON.parse(settled) as DuplicatesRequest);
  if (!duplicates.data?.length) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="client-duplicates"
      title={t('clients.duplicates.title')}
      description={
        <Flex vertical gap={2}>
          {duplicates.data.map((d) => (
            <span key={d.id}>
              <Link to={`/clients/${d.id}`} target="_blank">
                {d.name}
              </Link>
              {d.taxId && ` · ${d.taxId}`}
              {' — '}
              {t('clients.duplicates.hint', {
                by: d.matchedBy.map((by) => t(`clients.duplicates.matchedBy.${by}`)).join(', '),
              })}
            </span>
          ))}
        </Flex>
      }
    />
  );
}

/**
 * Requisites of a client, for creating one and for editing it on the card. Field names are the
 * API's, so server field errors land on them. A wrong tax-id check digit comes back as a warning
 * with «Код верный, сохранить», which saves again with `confirmTaxId`.
 */
export function ClientForm({
  initialValues,
  clientId,
  save,
  saving,
  submitText,
  onSaved,
  onCancel,
}: {
  initialValues: ClientFormValues;
  /** The card being edited: it is no duplicate of itself. */
  clientId?: number;
  save: (body: Omit<CreateClient, 'contacts'>) => Promise<Client>;
  saving: boolean;
  submitText: string;
  onSaved: (client: Client) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ClientFormValues>();
  const formError = useApiError();
  const [taxWarning, setTaxWarning] = useState<string | null>(null);
  const [taxConfirmed, setTaxConfirmed] = useState(false);
  const taxId = Form.useWatch('taxId', form);
  const phones = Form.useWatch('phones', form);
  const emails = Form.useWatch('emails', form);

  const submit = (values: ClientFormValues, confirmTaxId: boolean) =>
    save({ ...bodyOf(values), confirmTaxId }).then(onSaved, (e: unknown) => {
      if (e instanceof ApiError) {
        const warning = e.fields.find((f) => f.code === 'tax_id_checksum');
        if (warning) {
          setTaxWarning(warning.message);
          setTaxConfirmed(false);
          const rest = e.fields.filter((f) => f !== warning);
          if (!rest.length) return;
          e = new ApiError(e.status, e.code, e.message, { ...e.details, fields: rest });
        }
      }
      formError(e, form);
    });

  return (
    <Form<ClientFormValues>
      form={form}
      name="client"
      layout="horizontal"
      labelCol={{ span: 6 }}
      wrapperCol={{ span: 14 }}
      labelWrap
      initialValues={initialValues}
      onFinish={(values) => void submit(values, taxConfirmed)}
      onValuesChange={(changed: Partial<ClientFormValues>) => {
        if ('taxId' in changed) {
          setTaxWarning(null);
          setTaxConfirmed(false);
        }
      }}
    >
      <Form.Item name="kind" label={t('clients.fields.kind')}>
        <Radio.Group
          optionType="button"
          options={CLIENT_KINDS.map((k) => ({ value: k, label: t(`clients.kinds.${k}`) }))}
        />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('clients.fields.name')}
        rules={[{ required: true, whitespace: true, message: t('common.required') }]}
      >
        <Input maxLength={CLIENT_LIMITS.name} autoFocus />
      </Form.Item>
      <Form.Item name="shortName" label={t('clients.fields.shortName')}>
        <Input maxLength={CLIENT_LIMITS.shortName} />
      </Form.Item>
      <Form.Item label={t('clients.fields.taxId')} htmlFor="client_taxId" required={false}>
        <Flex vertical gap={4}>
          <Form.Item name="taxId" noStyle>
            <Input maxLength={CLIENT_LIMITS.taxId} inputMode="numeric" style={{ maxWidth: 240 }} />
          </Form.Item>
          {taxWarning && (
            <Alert
              type="warning"
              showIcon
              title={taxWarning}
              action={
                <Checkbox
                  checked={taxConfirmed}
                  onChange={(e) => {
                    setTaxConfirmed(e.target.checked);
                    if (e.target.checked) void form.validateFields().then((v) => submit(v, true));
                  }}
                >
                  {t('clients.confirmTaxId')}
                </Checkbox>
              }
            />
          )}
        </Flex>
      </Form.Item>
      <Form.Item label={t('clients.fields.phones')}>
        <PhoneListField name="phones" />
      </Form.Item>
      <Form.Item label={t('clients.fields.emails')}>
        <EmailListField name="emails" />
      </Form.Item>
      <Form.Item wrapperCol={{ offset: 6, span: 14 }} style={{ marginBottom: 8 }}>
        <DuplicatesAlert
          request={{
            taxId: taxId?.trim() || null,
            phones: phonesOf(phones).map((p) => p.number),
            emails: emailsOf(emails).filter((e) => e.includes('@')),
            ...(clientId !== undefined && { excludeId: clientId }),
          }}
        />
      </Form.Item>
      <Form.Item label={t('clients.fields.addresses')}>
        <Form.List name="addresses">
          {(fields, { add, remove }) => (
            <Flex vertical gap={4}>
              {fields.map((field) => (
                <Flex key={field.key} gap={4} align="start">
                  <Form.Item name={[field.name, 'kind']} noStyle>
                    <Select
                      options={ADDRESS_KINDS.map((k) => ({
                        value: k,
                        label: t(`clients.addressKinds.${k}`),
                      }))}
                      style={{ width: 140 }}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'text']} style={{ flex: 1, marginBottom: 0 }}>
                    <Input maxLength={1000} />
                  </Form.Item>
                  <Button
                    type="text"
                    aria-label={t('clients.remove')}
                    icon={<MinusCircleOutlined />}
                    onClick={() => remove(field.name)}
                  />
                </Flex>
              ))}
              <div>
                <Button
                  type="dashed"
                  size="small"
                  icon={<PlusOutlined />}
                  onClick={() => add({ kind: fields.length ? 'actual' : 'legal', text: '' })}
                >
                  {t('clients.addAddress')}
                </Button>
              </div>
            </Flex>
          )}
        </Form.List>
      </Form.Item>
      <Form.Item name="website" label={t('clients.fields.website')}>
        <Input maxLength={CLIENT_LIMITS.website} />
      </Form.Item>
      <Form.Item name="responsibleId" label={t('clients.fields.responsible')}>
        <UserSelect allowClear />
      </Form.Item>
      <Form.Item name="tags" label={t('clients.fields.tags')} extra={t('clients.tagsHint')}>
        <Select
          mode="tags"
          open={false}
          maxCount={CLIENT_LIMITS.tags}
          tokenSeparators={[',']}
          suffixIcon={null}
        />
      </Form.Item>
      <Form.Item name="notes" label={t('clients.fields.notes')}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 12 }} maxLength={CLIENT_LIMITS.notes} showCount />
      </Form.Item>
      <Form.Item wrapperCol={{ offset: 6, span: 14 }}>
        <Space>
          <Button type="primary" htmlType="submit" loading={saving}>
            {submitText}
          </Button>
          <Button onClick={onCancel}>{t('common.cancel')}</Button>
        </Space>
      </Form.Item>
    </Form>
  );
}
