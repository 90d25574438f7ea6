import { useState } from 'react';
import { Link } from 'react-router';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Flex,
  Skeleton,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { PaperClipOutlined, PictureOutlined, RedoOutlined, RollbackOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { MailListItem, MailMessage } from '../../../shared/schemas/mail.js';
import { useApiError } from '../../http/use-api-error.js';
import { useCan } from '../access/access.api.js';
import { QueryErrorAlert } from '../../shared/QueryErrorAlert.js';
import { useFormatDateTime } from '../../shared/format.js';
import { ComposeMailDrawer } from './ComposeMailDrawer.js';
import { addressShort, addressText, replySubject, useFormatSize } from './mail-format.js';
import { useMailMessage, useMailThread, useRetryMail } from './mail.api.js';
import { MailDirectionIcon, MailStatusTag } from './MailBits.js';

/**
 * One letter: headers, attachments, the sanitised HTML in a sandboxed frame (no scripts, remote
 * images only when asked), the conversation and «Ответить». `onOpen` shows another letter of
 * the conversation in its place.
 */
export function MailLetter({ id, onOpen }: { id: number; onOpen: (id: number) => void }) {
  const letter = useMailMessage(id);
  if (letter.isPending) return <Skeleton active />;
  if (letter.isError) return <QueryErrorAlert error={letter.error} onRetry={() => void letter.refetch()} />;
  return (
    <Flex vertical gap={12} data-testid="mail-letter">
      <LetterHeader letter={letter.data} />
      {letter.data.note && <Alert type="warning" showIcon title={letter.data.note} />}
      <Attachments letter={letter.data} />
      {/* A new frame per letter: the images choice of one letter is not carried to the next. */}
      <LetterBody key={letter.data.id} letter={letter.data} />
      <Thread id={id} onOpen={onOpen} />
    </Flex>
  );
}

function LetterHeader({ letter: m }: { letter: MailMessage }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const formatDateTime = useFormatDateTime();
  const handleError = useApiError();
  const retry = useRetryMail();
  const canRetry = useCan('events', 'edit');
  const canWrite = useCan('events', 'create');
  const [replying, setReplying] = useState(false);
  const none = t('common.none');
  const list = (addresses: MailMessage['to']) => addresses.map(addressText).join(', ') || none;
  // A reply to a received letter goes to its sender; to one of ours, to the same people again.
  const replyTo = m.direction === 'in' ? [m.from.address] : m.to.map((a) => a.address);

  return (
    <>
      <Flex justify="space-between" align="start" gap={8}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          <Space>
            <MailDirectionIcon direction={m.direction} />
            {m.subject || t('mail.noSubject')}
          </Space>
        </Typography.Title>
        <Space>
          {m.status === 'failed' && canRetry && (
            <Button
              icon={<RedoOutlined />}
              loading={retry.isPending}
              onClick={() =>
                retry.mutate(m.id, {
                  onSuccess: () => void message.success(t('mail.retried')),
                  onError: (e) => handleError(e),
                })
              }
            >
              {t('mail.retry')}
            </Button>
          )}
          {canWrite && (
            <Button type="primary" icon={<RollbackOutlined />} onClick={() => setReplying(true)}>
              {t('mail.view.reply')}
            </Button>
          )}
        </Space>
      </Flex>
      <Descriptions
        size="small"
        bordered
        column={1}
        items={[
          { key: 'from', label: t('mail.view.from'), children: addressText(m.from) },
          { key: 'to', label: t('mail.view.to'), children: list(m.to) },
          ...(m.cc.length ? [{ key: 'cc', label: t('mail.view.cc'), children: list(m.cc) }] : []),
          ...(m.bcc.length ? [{ key: 'bcc', label: t('mail.view.bcc'), children: list(m.bcc) }] : []),
          { key: 'date', label: t('mail.view.date'), children: formatDateTime(m.sentAt) },
          { key: 'status', label: t('mail.view.status'), children: <MailStatusTag letter={m} /> },
          ...(m.event
            ? [
                {
                  key: 'event',
                  label: t('mail.view.event'),
                  children: <Link to={`/events/${m.event.id}`}>{m.event.number}</Link>,
                },
              ]
            : []),
          ...(m.client
            ? [
                {
                  key: 'client',
                  label: t('mail.view.client'),
                  children: (
                    <>
                      <Link to={`/clients/${m.client.id}`}>{m.client.name}</Link>
                      {m.contact && ` · ${m.contact.name}`}
                    </>
                  ),
                },
              ]
            : []),
          ...(m.sentBy ? [{ key: 'sentBy', label: t('mail.view.sentBy'), children: m.sentBy.name }] : []),
          ...(m.smtpResponse
            ? [{ key: 'smtp', label: t('mail.view.smtpResponse'), children: m.smtpResponse }]
            : []),
        ]}
      />
      <ComposeMailDrawer
        open={replying}
        source={{ eventId: m.event?.id ?? null, taskId: m.taskId }}
        initial={{ to: replyTo, subject: replySubject(m.subject), replyToId: m.id }}
        onClose={() => setReplying(false)}
      />
    </>
  );
}

function Attachments({ letter }: { letter: MailMessage }) {
  const { t } = useTranslation();
  const formatSize = useFormatSize();
  const files = letter.attachments.filter((a) => !a.isInline);
  if (!files.length) return null;
  return (
    <Flex vertical gap={2} data-testid="mail-attachments">
      <Typography.Text strong>{t('mail.view.attachments')}</Typography.Text>
      {files.map((a) => (
        <Space key={a.id} size={6}>
          <PaperClipOutlined />
          {a.isStored ? (
            <a href={`/api/v1/mail/attachments/${a.id}`} download={a.filename}>
              {a.filename}
            </a>
          ) : (
            <Typography.Text type="secondary">{a.filename}</Typography.Text>
          )}
          <Typography.Text type="secondary">{formatSize(a.size)}</Typography.Text>
          {!a.isStored && (
            <Tooltip title={t('mail.view.notStoredHint')}>
              <Tag>{t('mail.view.notStored')}</Tag>
            </Tooltip>
          )}
        </Space>
      ))}
    </Flex>
  );
}

function LetterBody({ letter: m }: { letter: MailMessage }) {
  const { t } = useTranslation();
  const [images, setImages] = useState(false);
  if (!m.hasHtml) {
    return m.text ? (
      <Typography.Paragraph
        data-testid="mail-text"
        style={{ whiteSpace: 'pre-wrap', margin: 0, maxHeight: 480, overflowY: 'auto' }}
      >
        {m.text}
      </Typography.Paragraph>
    ) : (
      <Typography.Text type="secondary">{t('mail.view.noText')}</Typography.Text>
    );
  }
  return (
    <Flex vertical gap={8}>
      {m.hasRemoteImages && !images && (
        <Alert
          type="info"
          showIcon
          title={t('mail.view.imagesBlocked')}
          action={
            <Button size="small" icon={<PictureOutlined />} onClick={() => setImages(true)}>
              {t('mail.view.showImages')}
            </Button>
          }
        />
      )}
      <iframe
        title={t('mail.view.frameTitle', { subject: m.subject })}
        src={`/api/v1/mail/messages/${m.id}/html?images=${images ? 1 : 0}`}
        // No allow-scripts and no allow-same-origin: the letter runs nothing and reaches nothing of ours;
        // its links may open in a new tab.
        sandbox="allow-popups allow-popups-to-escape-sandbox"
        referrerPolicy="no-referrer"
        style={{ width: '100%', height: 480, border: '1px solid rgba(5, 5, 5, 0.06)', resize: 'vertical' }}
      />
    </Flex>
  );
}

/** The other letters of the conversation, oldest first; this one marked. */
function Thread({ id, onOpen }: { id: number; onOpen: (id: number) => void }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const thread = useMailThread(id);
  const items = thread.data ?? [];
  if (items.length < 2) return null;
  return (
    <Flex vertical gap={4} data-testid="mail-thread">
      <Typography.Text strong>{t('mail.view.thread')}</Typography.Text>
      <Table<MailListItem>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={items}
        onRow={(m) => ({ onClick: () => m.id !== id && onOpen(m.id), style: { cursor: 'pointer' } })}
        columns={[
          {
            key: 'direction',
            width: 32,
            render: (_, m) => <MailDirectionIcon direction={m.direction} />,
          },
          { key: 'date', width: 140, render: (_, m) => formatDateTime(m.sentAt) },
          { key: 'from', render: (_, m) => addressShort(m.from) },
          {
            key: 'subject',
            render: (_, m) =>
              m.id === id ? (
                <Typography.Text strong>
                  {m.subject || t('mail.noSubject')} ({t('mail.view.threadCurrent')})
                </Typography.Text>
              ) : (
                <Typography.Link>{m.subject || t('mail.noSubject')}</Typography.Link>
              ),
          },
          { key: 'status', width: 120, render: (_, m) => <MailStatusTag letter={m} /> },
        ]}
        showHeader={false}
      />
    </Flex>
  );
}
