import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../http/use-api-error.js';

/** Shown instead of data that failed to load. */
export function QueryErrorAlert({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  return (
    <Alert
      type="error"
      showIcon
      title={t('app.loadFailed')}
      description={errorText(error)}
      action={
        <Button size="small" onClick={onRetry}>
          {t('app.retry')}
        </Button>
      }
    />
  );
}
