import { Alert, Card, Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { QueryErrorAlert } from '../../../shared/QueryErrorAlert.js';
import { UserParametersForm } from './UserParametersForm.js';
import { useMyParameters } from './parameters.api.js';

/** What a user who is not an administrator sees: their own parameters, read-only. */
export function MyParametersSection() {
  const { t } = useTranslation();
  const mine = useMyParameters();
  if (mine.isError) return <QueryErrorAlert error={mine.error} onRetry={() => void mine.refetch()} />;
  if (!mine.data) return <Card loading />;
  return (
    <Flex vertical gap={12} style={{ maxWidth: 720 }}>
      <Alert type="info" showIcon title={t('settingsParameters.ownHint')} />
      <UserParametersForm parameters={mine.data} readOnly />
    </Flex>
  );
}
