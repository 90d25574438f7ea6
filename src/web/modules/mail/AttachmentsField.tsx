import { App, Button, Flex, Form, Spin, Typography, Upload } from 'antd';
import { DeleteOutlined, PaperClipOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { MAIL_BODY_LIMIT, MAX_ATTACHMENT_BYTES } from '../../../shared/schemas/mail.js';
import { useFormatSize } from './mail-format.js';

/** A file picked for a letter; its content is null while the browser still reads it. */
export interface AttachmentDraft {
  uid: string;
  filename: string;
  contentType: string;
  size: number;
  contentBase64: string | null;
}

/** What the JSON body may hold in attachments: the request limit less room for the rest of the letter. */
const TOTAL_BASE64_LIMIT = MAIL_BODY_LIMIT - 2 * 1024 * 1024;

const base64Size = (bytes: number) => Math.ceil(bytes / 3) * 4;

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

/**
 * The attachments of a letter being written (form field `name`): files are read in the browser
 * as base64 and go in the letter's JSON; over 25 MB a file is refused with a message.
 */
export function AttachmentsField({
  name,
  value,
  onChange,
}: {
  name: string;
  value?: AttachmentDraft[];
  onChange?: (value: AttachmentDraft[]) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const form = Form.useFormInstance();
  const formatSize = useFormatSize();
  const limit = formatSize(MAX_ATTACHMENT_BYTES);
  // Files are read one by one asynchronously: each change starts from the form's latest list.
  const current = (): AttachmentDraft[] => (form.getFieldValue(name) as AttachmentDraft[] | undefined) ?? [];
  const set = (next: AttachmentDraft[]) => onChange?.(next);

  const add = (file: File & { uid: string }) => {
    if (file.size > MAX_ATTACHMENT_BYTES) {
      void message.error(t('mail.compose.tooLarge', { name: file.name, size: formatSize(file.size), limit }));
      return Upload.LIST_IGNORE;
    }
    const total = current().reduce((sum, a) => sum + base64Size(a.size), 0) + base64Size(file.size);
    if (total > TOTAL_BASE64_LIMIT) {
      void message.error(
        t('mail.compose.totalTooLarge', { limit: formatSize((TOTAL_BASE64_LIMIT * 3) / 4) }),
      );
      return Upload.LIST_IGNORE;
    }
    const draft: AttachmentDraft = {
      uid: file.uid,
      filename: file.name,
      contentType: file.type || 'application/octet-stream',
      size: file.size,
      contentBase64: null,
    };
    set([...current(), draft]);
    readBase64(file).then(
      (contentBase64) => {
        const list = current();
        if (list.some((a) => a.uid === draft.uid))
          set(list.map((a) => (a.uid === draft.uid ? { ...a, contentBase64 } : a)));
      },
      () => {
        void message.error(t('mail.compose.readFailed', { name: file.name }));
        set(current().filter((a) => a.uid !== draft.uid));
      },
    );
    // Not uploaded by the component: the file travels in the letter itself.
    return Upload.LIST_IGNORE;
  };

  const items = value ?? [];
  return (
    <Flex vertical gap={4}>
      <div>
        <Upload multiple showUploadList={false} beforeUpload={add}>
          <Button icon={<PaperClipOutlined />}>{t('mail.compose.attach')}</Button>
        </Upload>{' '}
        <Typography.Text type="secondary">{t('mail.compose.attachHint', { size: limit })}</Typography.Text>
      </div>
      {items.map((a) => (
        <Flex key={a.uid} gap={8} align="center" data-testid="mail-attachment-draft">
          {a.contentBase64 === null ? <Spin size="small" /> : <PaperClipOutlined />}
          <Typography.Text>{a.filename}</Typography.Text>
          <Typography.Text type="secondary">{formatSize(a.size)}</Typography.Text>
          <Button
            type="text"
            size="small"
            danger
            icon={<DeleteOutlined />}
            aria-label={t('mail.compose.removeAttachment', { name: a.filename })}
            onClick={() => set(current().filter((x) => x.uid !== a.uid))}
          />
        </Flex>
      ))}
    </Flex>
  );
}
