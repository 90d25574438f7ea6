import { Alert, Button, Col, Flex, Form, Input, Radio, Row, type FormInstance } from 'antd';
import { CaretRightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CalcDocType } from '../../../../../shared/schemas/calculations.js';
import { useApiError } from '../../../../http/use-api-error.js';
import { CalcDocumentSelect } from './CalcDocumentSelect.js';
import { DryRunResultView } from './DryRunResultView.js';
import { fieldHint } from './field-hint.js';
import type { CalcFormValues } from './calc-form.js';
import { useDryRun } from './calculations.api.js';
import { parseChanges, withChange } from './dry-run-changes.js';
import { STATUS_FIELD, TestStatusSelect } from './TestStatusSelect.js';

interface TestValues {
  docId: number | null;
  action: 'created' | 'updated';
  changes: string;
}

/**
 * «Тестовый запуск»: the editor's current text (saved or not) run against a chosen document with
 * simulated changes; the server writes nothing. A new document type starts a fresh panel (the
 * editor keys it by type).
 */
export function DryRunPanel({
  editorForm,
  docType,
  onShowLine,
}: {
  editorForm: FormInstance<CalcFormValues>;
  docType: CalcDocType;
  onShowLine: (line: number) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TestValues>();
  const dryRun = useDryRun();
  const handleError = useApiError();
  const changes = Form.useWatch('changes', form);
  const statusField = STATUS_FIELD[docType];

  const run = () =>
    form.validateFields().then(
      (values) => {
        const editor = editorForm.getFieldsValue(true) as CalcFormValues;
        dryRun.mutate(
          {
            docType,
            trigger: editor.trigger,
            code: editor.code,
            timeLimitMs: editor.timeLimitMs,
            memoryLimitMb: editor.memoryLimitMb,
            docId: values.docId!,
            action: values.action,
            changes: parseChanges(values.changes) ?? {},
          },
          { onError: (e) => handleError(e, form) },
        );
      },
      () => undefined, // the messages are at the fields
    );

  return (
    <Flex vertical gap={12}>
      <Alert type="info" showIcon title={t('settingsBooks.calc.test.notice')} />
      {/* No <form> element: this sits inside the editor, whose Enter must not submit anything. */}
      <Form<TestValues>
        form={form}
        component={false}
        layout="vertical"
        name="calculation-test"
        initialValues={{ docId: null, action: 'updated', changes: '' }}
      >
        <Row gutter={16}>
          <Col xs={24} xl={10}>
            <Form.Item
              label={t('settingsBooks.calc.test.document')}
              name="docId"
              rules={[{ required: true, message: t('common.required') }]}
            >
              <CalcDocumentSelect
                docType={docType}
                placeholder={t('settingsBooks.calc.test.documentPlaceholder')}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} xl={7}>
            <Form.Item label={t('settingsBooks.calc.test.action')} name="action">
              <Radio.Group
                optionType="button"
                options={(['updated', 'created'] as const).map((value) => ({
                  value,
                  label: t(`settingsBooks.calc.test.actions.${value}`),
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} xl={7}>
            <Form.Item
              label={t('settingsBooks.calc.test.status')}
              htmlFor="calculation-test-status"
              tooltip={fieldHint(t('settingsBooks.calc.test.statusHint'))}
            >
              <TestStatusSelect
                id="calculation-test-status"
                docType={docType}
                value={parseChanges(changes)?.[statusField]}
                onChange={(value) => form.setFieldValue('changes', withChange(changes, statusField, value))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          label={t('settingsBooks.calc.test.changes')}
          name="changes"
          extra={t('settingsBooks.calc.test.changesHint')}
          rules={[
            {
              validator: (_, value: string | undefined) =>
                parseChanges(value)
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('settingsBooks.calc.test.changesInvalid'))),
            },
          ]}
        >
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 10 }}
            spellCheck={false}
            placeholder='{"statusId": 5}'
            style={{ fontFamily: 'monospace' }}
          />
        </Form.Item>
      </Form>
      <div>
        <Button
          type="primary"
          icon={<CaretRightOutlined />}
          loading={dryRun.isPending}
          onClick={() => void run()}
        >
          {t('settingsBooks.calc.test.run')}
        </Button>
      </div>
      {dryRun.data && <DryRunResultView result={dryRun.data} onShowLine={onShowLine} />}
    </Flex>
  );
}
