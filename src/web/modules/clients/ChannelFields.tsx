import { Button, Flex, Form, Input, Select, Tag, Tooltip } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { PHONE_KINDS, type ClientPhone, type PhoneKind } from '../../../shared/schemas/clients.js';
import { useCardFileSettings } from './clients.api.js';
import { PhoneLink } from '../telephony/CallButton.js';

/** A phone row of a form; blank rows are dropped on save. */
export interface PhoneRow {
  number: string;
  kind: PhoneKind;
}

type ListName = string | (string | number)[];

/** Whether the server will store E.164 for the number (the same library and default country). */
function useIsRecognized(): (text: string) => boolean {
  const settings = useCardFileSettings();
  const country = (settings.data?.defaultPhoneCountry ?? 'UA') as CountryCode;
  return (text) => Boolean(parsePhoneNumberFromString(text.trim(), country)?.isValid());
}

/**
 * The phones of a client or a contact person: kind and number per row. A number that does not
 * read as one is a warning only (it is saved as typed); text without digits is an error.
 */
export function PhoneListField({ name }: { name: ListName }) {
  const { t } = useTranslation();
  const isRecognized = useIsRecognized();
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <Flex vertical gap={4}>
          {fields.map((field) => (
            <Flex key={field.key} gap={4} align="start">
              <Form.Item name={[field.name, 'kind']} noStyle>
                <Select
                  aria-label={t('clients.fields.phoneKind')}
                  options={PHONE_KINDS.map((k) => ({ value: k, label: t(`clients.phoneKinds.${k}`) }))}
                  style={{ width: 130 }}
                />
              </Form.Item>
              <Form.Item
                name={[field.name, 'number']}
                style={{ flex: 1, marginBottom: 0 }}
                rules={[
                  {
                    validator: (_, v: string | undefined) =>
                      !v?.trim() || /\d/.test(v)
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('clients.phoneHasNoDigit'))),
                  },
                  {
                    warningOnly: true,
                    validator: (_, v: string | undefined) =>
                      !v?.trim() || !/\d/.test(v) || isRecognized(v)
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('clients.phoneNotRecognized'))),
                  },
                ]}
              >
                <Input inputMode="tel" autoComplete="off" aria-label={t('clients.fields.phone')} />
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
              onClick={() => add({ kind: 'work', number: '' } satisfies PhoneRow)}
            >
              {t('clients.addPhone')}
            </Button>
          </div>
        </Flex>
      )}
    </Form.List>
  );
}

/** The e-mails of a client or a contact person, one per row. */
export function EmailListField({ name }: { name: ListName }) {
  const { t } = useTranslation();
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <Flex vertical gap={4}>
          {fields.map((field) => (
            <Flex key={field.key} gap={4} align="start">
              <Form.Item
                name={field.name}
                style={{ flex: 1, marginBottom: 0 }}
                rules={[{ type: 'email', message: t('clients.emailInvalid') }]}
              >
                <Input inputMode="email" autoComplete="off" aria-label={t('clients.fields.email')} />
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
            <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add('')}>
              {t('clients.addEmail')}
            </Button>
          </div>
        </Flex>
      )}
    </Form.List>
  );
}

/** Phones as a card shows them: the text as typed with its call button, flagged when it could not be recognised. */
export function PhoneList({ phones }: { phones: ClientPhone[] }) {
  const { t } = useTranslation();
  if (!phones.length) return <>{t('common.none')}</>;
  return (
    <Flex vertical gap={2}>
      {phones.map((p, i) => (
        <span key={i}>
          <PhoneLink number={p.number} dial={p.e164} />{' '}
          <Tag variant="filled">{t(`clients.phoneKinds.${p.kind}`)}</Tag>
          {!p.e164 && (
            <Tooltip title={t('clients.phoneNotRecognized')}>
              <Tag color="warning">{t('clients.phoneUnrecognizedTag')}</Tag>
            </Tooltip>
          )}
        </span>
      ))}
    </Flex>
  );
}

/** Rows of a form as the API takes them: blank rows dropped. */
export function phonesOf(rows: PhoneRow[] | undefined): PhoneRow[] {
  return (rows ?? [])
    .filter((p) => p?.number?.trim())
    .map((p) => ({ number: p.number.trim(), kind: p.kind }));
}

export function emailsOf(rows: string[] | undefined): string[] {
  return (rows ?? []).map((e) => e?.trim()).filter(Boolean);
}
