import { Alert, Button, Flex, Modal, Typography } from 'antd';
import { ExportOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { QueueDeviceWithToken } from '../../../../../shared/schemas/queue.js';

/** The device's page address as a full URL (the server may answer a path). */
function absolute(url: string): string {
  try {
    return new URL(url, window.location.origin).href;
  } catch {
    return url;
  }
}

/** The server keeps only the token's hash: this is the one time the token and the address are shown. */
export function DeviceTokenModal({ device, onClose }: { device: QueueDeviceWithToken; onClose: () => void }) {
  const { t } = useTranslation();
  const url = absolute(device.url);
  return (
    <Modal
      open
      title={t('queue.setup.devices.tokenTitle', { name: device.name })}
      onCancel={onClose}
      width={640}
      footer={<Button onClick={onClose}>{t('queue.setup.devices.close')}</Button>}
    >
      <Flex vertical gap={12}>
        <Alert type="warning" showIcon title={t('queue.setup.devices.shownOnce')} />
        <Flex vertical gap={4}>
          <Typography.Text strong>{t('queue.setup.devices.url')}</Typography.Text>
          <Typography.Paragraph
            copyable={{
              text: url,
              tooltips: [t('queue.setup.devices.copyUrl'), t('queue.setup.devices.copied')],
            }}
            code
            data-testid="queue-device-url"
            style={{ wordBreak: 'break-all', marginBottom: 0 }}
          >
            {url}
          </Typography.Paragraph>
          <div>
            <Button href={url} target="_blank" rel="noopener noreferrer" icon={<ExportOutlined />}>
              {t('queue.setup.devices.open')}
            </Button>
          </div>
        </Flex>
        <Flex vertical gap={4}>
          <Typography.Text strong>{t('queue.setup.devices.token')}</Typography.Text>
          <Typography.Paragraph
            copyable={{
              text: device.token,
              tooltips: [t('queue.setup.devices.copyToken'), t('queue.setup.devices.copied')],
            }}
            code
            data-testid="queue-device-token"
            style={{ wordBreak: 'break-all', marginBottom: 0 }}
          >
            {device.token}
          </Typography.Paragraph>
        </Flex>
      </Flex>
    </Modal>
  );
}
