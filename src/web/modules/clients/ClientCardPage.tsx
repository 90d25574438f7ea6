import { useState } from 'react';
import { Navigate, useNavigate, useParams, useSearchParams } from 'react-router';
import { App, Button, Card, Descriptions, Flex, Tabs, Tag, Typography } from 'antd';
import {
  CalendarOutlined,
  CheckSquareOutlined,
  EditOutlined,
  MergeCellsOutlined,
  ProjectOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Client } from '../../../shared/schemas/clients.js';
import { Page } from '../../app/layout/Page.js';
import { NotFoundPage } from '../../app/NotFoundPage.js';
import { ApiError } from '../../http/client.js';
import { useApiError } from '../../http/use-api-error.js';
import { FullPageSpin } from '../../shared/FullPageSpin.js';
import { QueryErrorAlert } from '../../shared/QueryErrorAlert.js';
import { HistoryTab } from '../../shared/cards/HistoryTab.js';
import { TimelineList } from '../../shared/cards/TimelineList.js';
import { useFormatDateTime } from '../../shared/format.js';
import { useCan } from '../access/access.api.js';
import { WhyVisibleButton } from '../access/WhyVisibleButton.js';
import { useClient, useDeleteClient, useUpdateClient } from './clients.api.js';
import { ClientContacts } from './ClientContacts.js';
import { ClientForm, formValuesOf } from './ClientForm.js';
import { PhoneList } from './ChannelFields.js';
import { MergeDialog } from './MergeDialog.js';
import { ConfirmDeleteButton } from '../../shared/cards/ConfirmDeleteButton.js';
import { MailList } from '../mail/MailList.js';
import { WriteMailButton } from '../mail/WriteMailButton.js';

const TABS = ['requisites', 'contacts', 'mail', 'timeline', 'history'] as const;
type TabKey = (typeof TABS)[number];

/** /clients/:id — the client card: requisites, contact persons, timeline, history. */
export function ClientCardPage() {
  const { id: idParam } = useParams();
  const id = Number(idParam);
  const client = useClient(id);
  if (!Number.isSafeInteger(id) || id <= 0) return <NotFoundPage />;
  if (client.isPending) return <FullPageSpin />;
  if (client.isError) {
    if (client.error instanceof ApiError && client.error.status === 404) {
      // An old link to a card merged into another leads to that one.
      const mergedIntoId = client.error.details?.mergedIntoId;
      if (typeof mergedIntoId === 'number') return <Navigate to={`/clients/${mergedIntoId}`} replace />;
      return <NotFoundPage />;
    }
    return <QueryErrorAlert error={client.error} onRetry={() => void client.refetch()} />;
  }
  return <ClientCard client={client.data} />;
}

function ClientCard({ client: c }: { client: Client }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const handleError = useApiError();
  const remove = useDeleteClient();
  const canDelete = useCan('clients', 'delete');
  const canCreateEvent = useCan('events', 'create');
  const canCreateTask = useCan('tasks', 'create');
  const canCreateProject = useCan('projects', 'create');
  const [merging, setMerging] = useState(false);
  const [params, setParams] = useSearchParams();
  const tabParam = params.get('tab');
  const tab: TabKey = TABS.includes(tabParam as TabKey) ? (tabParam as TabKey) : 'requisites';

  const confirmDelete = () =>
    remove.mutateAsync(c.id).then(() => {
      void message.success(t('common.deleted'));
      void navigate('/clients', { replace: true });
    }, handleError);

  return (
    <Page
      title={c.name}
      extra={
        <>
          <WriteMailButton source={{ clientId: c.id }} to={c.emails.slice(0, 1)} />
          {canCreateEvent && (
            <Button icon={<CalendarOutlined />} onClick={() => void navigate(`/events/new?clientId=${c.id}`)}>
              {t('clients.actions.newEvent')}
            </Button>
          )}
          {canCreateTask && (
            <Button
              icon={<CheckSquareOutlined />}
              onClick={() => void navigate(`/tasks/new?clientId=${c.id}`)}
            >
              {t('clients.actions.newTask')}
            </Button>
          )}
          {canCreateProject && (
            <Button
              icon={<ProjectOutlined />}
              onClick={() => void navigate(`/projects/new?clientId=${c.id}`)}
            >
              {t('clients.actions.newProject')}
            </Button>
          )}
          <Button icon={<MergeCellsOutlined />} onClick={() => setMerging(true)}>
            {t('clients.actions.merge')}
          </Button>
          <WhyVisibleButton docType="clients" id={c.id} />
          {canDelete && (
            <ConfirmDeleteButton
              title={t('clients.confirmDelete', { name: c.name })}
              onConfirm={confirmDelete}
            />
          )}
        </>
      }
    >
      <Flex gap={8} align="center" wrap>
        <Tag>{t(`clients.kinds.${c.kind}`)}</Tag>
        {c.taxId && (
          <Typography.Text copyable>
            {c.taxIdKind ? `${t(`clients.taxIdKinds.${c.taxIdKind}`)} ` : ''}
            {c.taxId}
          </Typography.Text>
        )}
        {c.tags.map((tag) => (
          <Tag key={tag} color="blue">
            {tag}
          </Tag>
        ))}
      </Flex>
      <Tabs
        activeKey={tab}
        onChange={(key) =>
          setParams(
            (prev) => {
              const next = new URLSearchParams(prev);
              if (key === 'requisites') next.delete('tab');
              else next.set('tab', key);
              return next;
            },
            { replace: true },
          )
        }
        items={[
          { key: 'requisites', label: t('clients.tabs.requisites'), children: <Requisites client={c} /> },
          {
            key: 'contacts',
            label: `${t('clients.tabs.contacts')}${c.contacts.length ? ` (${c.contacts.length})` : ''}`,
            children: <ClientContacts client={c} />,
          },
          { key: 'mail', label: t('mail.tab'), children: <MailList source={{ clientId: c.id }} /> },
          {
            key: 'timeline',
            label: t('clients.tabs.timeline'),
            children: <TimelineList path={`/api/v1/clients/${c.id}/timeline`} />,
          },
          {
            key: 'history',
            label: t('clients.tabs.history'),
            children: <HistoryTab docType="client" id={c.id} />,
          },
        ]}
      />
      {merging && <MergeDialog client={c} onClose={() => setMerging(false)} />}
    </Page>
  );
}

function Requisites({ client: c }: { client: Client }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const formatDateTime = useFormatDateTime();
  const update = useUpdateClient(c.id);
  const [editing, setEditing] = useState(false);
  const none = t('common.none');

  if (editing) {
    return (
      <Card size="small">
        <ClientForm
          initialValues={formValuesOf(c)}
          clientId={c.id}
          save={(body) => update.mutateAsync(body)}
          saving={update.isPending}
          submitText={t('common.save')}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            void message.success(t('common.saved'));
            setEditing(false);
          }}
        />
      </Card>
    );
  }
  return (
    <Flex vertical gap={8}>
      <Flex justify="flex-end">
        <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
          {t('common.edit')}
        </Button>
      </Flex>
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'name', label: t('clients.fields.name'), children: c.name },
          { key: 'shortName', label: t('clients.fields.shortName'), children: c.shortName || none },
          { key: 'kind', label: t('clients.fields.kind'), children: t(`clients.kinds.${c.kind}`) },
          {
            key: 'taxId',
            label: t('clients.fields.taxId'),
            children: c.taxId ? (
              <>
                {c.taxId}{' '}
                {c.taxIdKind && <Tag variant="filled">{t(`clients.taxIdKinds.${c.taxIdKind}`)}</Tag>}
                {c.taxIdChecksumOk === false && <Tag color="warning">{t('clients.taxIdChecksumWrong')}</Tag>}
              </>
            ) : (
              none
            ),
          },
          { key: 'phones', label: t('clients.fields.phones'), children: <PhoneList phones={c.phones} /> },
          {
            key: 'emails',
            label: t('clients.fields.emails'),
            children: c.emails.length
              ? c.emails.map((e) => (
                  <div key={e}>
                    <a href={`mailto:${e}`}>{e}</a>
                  </div>
                ))
              : none,
          },
          {
            key: 'addresses',
            label: t('clients.fields.addresses'),
            span: 'filled',
            children: c.addresses.length
              ? c.addresses.map((a, i) => (
                  <div key={i}>
                    <Tag variant="filled">{t(`clients.addressKinds.${a.kind}`)}</Tag>
                    {a.text}
                  </div>
                ))
              : none,
          },
          {
            key: 'website',
            label: t('clients.fields.website'),
            children: c.website ? (
              <a
                href={/^https?:\/\//i.test(c.website) ? c.website : `https://${c.website}`}
                target="_blank"
                rel="noreferrer noopener"
              >
                {c.website}
              </a>
            ) : (
              none
            ),
          },
          {
            key: 'responsible',
            label: t('clients.fields.responsible'),
            children: c.responsible?.name ?? none,
          },
          {
            key: 'created',
            label: t('clients.fields.createdAt'),
            children: [formatDateTime(c.createdAt), c.createdBy?.name].filter(Boolean).join(' · '),
          },
          { key: 'updated', label: t('clients.fields.updatedAt'), children: formatDateTime(c.updatedAt) },
          {
            key: 'notes',
            label: t('clients.fields.notes'),
            span: 'filled',
            children: c.notes ? (
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                {c.notes}
              </Typography.Paragraph>
            ) : (
              none
            ),
          },
        ]}
      />
    </Flex>
  );
}
