import { Alert, Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { ServicesSection } from './ServicesSection.js';
import { WindowsSection } from './WindowsSection.js';

/** «Очереди и окна»: the queues (services) and the service windows. */
export function SetupTab({ canWrite }: { canWrite: boolean }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={24}>
      {!canWrite && <Alert type="info" showIcon title={t('queue.setup.readOnly')} />}
      <ServicesSection canWrite={canWrite} />
      <WindowsSection canWrite={canWrite} />
    </Flex>
  );
}
