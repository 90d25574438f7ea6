import { useState } from 'react';
import { Link } from 'react-router';
import { App, Button, Card, Empty, Flex, Form, Input, Space, Table, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useApiError } from '../../http/use-api-error.js';
import { CLIENT_LIMITS, type Client, type ClientContact } from '../../../shared/schemas/clients.js';
import { useUpdateClient } from './clients.api.js';
import { WriteMailButton } from '../mail/WriteMailButton.js';
import {
  EmailListField,
  emailsOf,
  PhoneList,
  PhoneListField,
  phonesOf,
  type PhoneRow,
} from './ChannelFields.js';

interface ContactRow {
  id?: number;
  name: string;
  position: string;
  notes: string;
  phones: PhoneRow[];
  emails: string[];
}

/** «Контакты»: the contact persons of a client; saved as the whole list (kept ones by id). */
export function ClientContacts({ client }: { client: Client }) {
  const [editing, setEditing] = useState(false);
  return editing ? (
    <ContactsEditor client={client} onClose={() => setEditing(false)} />
  ) : (
    <ContactsView client={client} onEdit={() => setEditing(true)} />
  );
}

function ContactsView({ client, onEdit }: { client: Client; onEdit: () => void }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={8}>
      <Flex justify="flex-end">
        <Button icon={<EditOutlined />} onClick={onEdit}>
          {t('common.edit')}
        </Button>
      </Flex>
      <Table<ClientContact>
        size="small"
        bordered
        rowKey="id"
        pagination={false}
        dataSource={client.contacts}
        locale={{ emptyText: <Empty description={t('clients.contacts.empty')} /> }}
        columns={[
          { key: 'name', title: t('clients.contacts.name'), dataIndex: 'name' },
          { key: 'position', title: t('clients.contacts.position'), dataIndex: 'position' },
          {
            key: 'phones',
            title: t('clients.contacts.phones'),
            render: (_, c) => <PhoneList phones={c.phones} />,
          },
          {
            key: 'emails',
            title: t('clients.contacts.emails'),
            render: (_, c) =>
              c.emails.length
                ? c.emails.map((e) => (
                    <div key={e}>
                      <a href={`mailto:${e}`}>{e}</a>
                    </div>
                  ))
                : t('common.none'),
          },
          {
            key: 'notes',
            title: t('clients.contacts.notes'),
            render: (_, c) => <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{c.notes}</Typography.Text>,
          },
          {
            key: 'actions',
            title: t('common.actions'),
            width: 1,
            render: (_, c) => (
              <Space size={0}>
                <Link to={`/events/new?clientId=${client.id}&contactId=${c.id}`}>
                  {t('clients.contacts.newEvent')}
                </Link>
                {c.emails.length > 0 && (
                  <WriteMailButton link source={{ clientId: client.id, contactId: c.id }} to={c.emails} />
                )}
              </Space>
            ),
          },
        ]}
      />
    </Flex>
  );
}

function ContactsEditor({ client, onClose }: { client: Client; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ contacts: ContactRow[] }>();
  const update = useUpdateClient(client.id);
  const formError = useApiError();
  const save = ({ contacts }: { contacts: ContactRow[] }) =>
    update.mutate(
      {
        contacts: (contacts ?? []).map((c) => ({
          ...(c.id !== undefined && { id: c.id }),
          name: c.name,
          position: c.position ?? '',
          notes: c.notes ?? '',
          phones: phonesOf(c.phones),
          emails: emailsOf(c.emails),
        })),
      },
      {
        onSuccess: () => {
          void message.success(t('common.saved'));
          onClose();
        },
        onError: (e) => formError(e, form),
      },
    );
  return (
    <Form
      form={form}
      name="client-contacts"
      layout="vertical"
      initialValues={{
        contacts: client.contacts.map((c) => ({
          id: c.id,
          name: c.name,
          position: c.position,
          notes: c.notes,
          phones: c.phones.map((p) => ({ number: p.number, kind: p.kind })),
          emails: c.emails,
        })),
      }}
      onFinish={save}
    >
      <Form.List name="contacts">
        {(fields, { add, remove }) => (
          <Flex vertical gap={8}>
            {fields.map((field) => (
              <Card
                key={field.key}
                size="small"
                extra={
                  <Button
                    type="text"
                    danger
                    aria-label={t('clients.contacts.remove')}
                    title={t('clients.contacts.remove')}
                    icon={<DeleteOutlined />}
                    onClick={() => remove(field.name)}
                  />
                }
              >
                <Form.Item name={[field.name, 'id']} hidden>
                  <Input />
                </Form.Item>
                <Flex gap={8} wrap>
                  <Form.Item
                    name={[field.name, 'name']}
                    label={t('clients.contacts.name')}
                    rules={[{ required: true, whitespace: true, message: t('common.required') }]}
                    style={{ flex: '1 1 280px' }}
                  >
                    <Input maxLength={CLIENT_LIMITS.name} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'position']}
                    label={t('clients.contacts.position')}
                    style={{ flex: '1 1 220px' }}
                  >
                    <Input maxLength={CLIENT_LIMITS.position} />
                  </Form.Item>
                </Flex>
                <Flex gap={8} wrap>
                  <Form.Item label={t('clients.contacts.phones')} style={{ flex: '1 1 320px' }}>
                    <PhoneListField name={[field.name, 'phones']} />
                  </Form.Item>
                  <Form.Item label={t('clients.contacts.emails')} style={{ flex: '1 1 280px' }}>
                    <EmailListField name={[field.name, 'emails']} />
                  </Form.Item>
                </Flex>
                <Form.Item name={[field.name, 'notes']} label={t('clients.contacts.notes')}>
                  <Input.TextArea
                    autoSize={{ minRows: 1, maxRows: 6 }}
                    maxLength={CLIENT_LIMITS.contactNotes}
                  />
                </Form.Item>
              </Card>
            ))}
            <div>
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                disabled={fields.length >= CLIENT_LIMITS.contacts}
                onClick={() =>
                  add({
                    name: '',
                    position: '',
                    notes: '',
                    phones: [{ kind: 'mobile', number: '' }],
                    emails: [],
                  })
                }
              >
                {t('clients.contacts.add')}
              </Button>
            </div>
          </Flex>
        )}
      </Form.List>
      <Space style={{ marginTop: 16 }}>
        <Button type="primary" htmlType="submit" loading={update.isPending}>
          {t('common.save')}
        </Button>
        <Button onClick={onClose}>{t('common.cancel')}</Button>
      </Space>
    </Form>
  );
}
