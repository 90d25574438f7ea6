import { App, Card, Checkbox, Col, Flex, Row, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { HistoryDocType } from '../../../../shared/history-fields.js';
import { useApiError } from '../../../http/use-api-error.js';
import { QueryErrorAlert } from '../../../shared/QueryErrorAlert.js';
import { useSignedInUser } from '../../auth/session.js';
import { useHistorySettings, useUpdateHistorySettings } from './books.api.js';

/** Ведение истории: per document type, a checkbox per field; a change is saved at once. */
export function HistoryBook() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { isAdmin } = useSignedInUser();
  const matrix = useHistorySettings();
  const update = useUpdateHistorySettings();
  const handleError = useApiError();

  if (matrix.isError) return <QueryErrorAlert error={matrix.error} onRetry={() => void matrix.refetch()} />;
  if (matrix.isPending) return <Spin />;
  const toggle = (docType: HistoryDocType, field: string, isRecorded: boolean) =>
    update.mutate(
      { changes: [{ docType, field, isRecorded }] },
      { onSuccess: () => void message.success(t('common.saved')), onError: (e) => handleError(e) },
    );
  return (
    <Flex vertical gap={12}>
      <Typography.Text type="secondary">
        {t('settingsBooks.history.hint')}
        {!isAdmin && `. ${t('settingsBooks.readOnly')}`}
      </Typography.Text>
      <Row gutter={[12, 12]}>
        {matrix.data.map(({ docType, fields }) => (
          <Col key={docType} xs={24} md={12} xl={6}>
            <Card size="small" title={t(`settingsBooks.history.docTypes.${docType}`)}>
              <Flex vertical gap={4}>
                {fields.map(({ field, isRecorded }) => (
                  <Checkbox
                    key={field}
                    checked={isRecorded}
                    disabled={!isAdmin || update.isPending}
                    onChange={(e) => toggle(docType, field, e.target.checked)}
                  >
                    {
                      // The server lists exactly the fields of history-fields.ts, each of which has a label.
                      t(
                        `settingsBooks.history.fields.${docType}.${field}` as 'settingsBooks.history.fields.task.title',
                      )
                    }
                  </Checkbox>
                ))}
              </Flex>
            </Card>
          </Col>
        ))}
      </Row>
    </Flex>
  );
}
