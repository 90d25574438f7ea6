import { useState } from 'react';
import {
  Alert,
  App,
  Badge,
  Button,
  Flex,
  Form,
  Popconfirm,
  Skeleton,
  Space,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, QuestionCircleOutlined, SaveOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Calculation } from '../../../../../shared/schemas/calculations.js';
import { ApiError } from '../../../../http/client.js';
import { useApiError } from '../../../../http/use-api-error.js';
import { QueryErrorAlert } from '../../../../shared/QueryErrorAlert.js';
import { CalculationErrors } from './CalculationErrors.js';
import { CalculationFields } from './CalculationFields.js';
import { CalculationHelpDrawer } from './CalculationHelpDrawer.js';
import { CalculationVersions } from './CalculationVersions.js';
import { DryRunPanel } from './DryRunPanel.js';
import { formValuesOf, type CalcFormValues } from './calc-form.js';
import type { EditorTab } from './calc-params.js';
import { useCalculation, useUpdateCalculation } from './calculations.api.js';

interface Props {
  id: number;
  tab: EditorTab;
  onTab: (tab: EditorTab) => void;
  onBack: () => void;
}

function BackButton({ onBack }: { onBack: () => void }) {
  const { t } = useTranslation();
  return (
    <div>
      <Button type="link" icon={<ArrowLeftOutlined />} onClick={onBack} style={{ paddingInline: 0 }}>
        {t('settingsBooks.calc.editor.back')}
      </Button>
    </div>
  );
}

/** One calculation: loads it, then the editor. */
export function CalculationEditor(props: Props) {
  const calc = useCalculation(props.id);
  if (calc.data) return <LoadedEditor {...props} calc={calc.data} reload={() => calc.refetch()} />;
  return (
    <Flex vertical gap={12}>
      <BackButton onBack={props.onBack} />
      {calc.isError ? (
        <QueryErrorAlert error={calc.error} onRetry={() => void calc.refetch()} />
      ) : (
        <Skeleton active paragraph={{ rows: 10 }} />
      )}
    </Flex>
  );
}

/**
 * The editor: the form (properties and code) outlives the tabs, so a test run takes the text as
 * it is now, and a save sends the version it started from (another's save since answers 409).
 * `calc` is the saved state as the cache has it; the form changes only by the user, a save, a
 * rollback or an explicit reload.
 */
function LoadedEditor({
  calc,
  reload,
  tab,
  onTab,
  onBack,
}: Props & { calc: Calculation; reload: () => Promise<{ data?: Calculation | undefined }> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const handleError = useApiError();
  const [form] = Form.useForm<CalcFormValues>();
  const update = useUpdateCalculation();
  const [baseVersion, setBaseVersion] = useState(calc.version);
  const [dirty, setDirty] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const [markLine, setMarkLine] = useState<{ line: number } | null>(null);
  const docType = Form.useWatch('docType', form) ?? calc.docType;

  /** Puts a saved state into the editor. */
  const load = (saved: Calculation) => {
    // Values and no stale messages; unlike resetFields this keeps the code editor mounted.
    const values = formValuesOf(saved);
    form.setFields(
      (Object.keys(values) as (keyof CalcFormValues)[]).map((name) => ({
        name,
        value: values[name],
        errors: [],
      })),
    );
    setBaseVersion(saved.version);
    setDirty(false);
    setConflict(false);
  };

  const save = () =>
    form.validateFields().then(
      (values) =>
        update.mutate(
          { id: calc.id, body: { ...values, name: values.name.trim(), expectedVersion: baseVersion } },
          {
            onSuccess: (saved) => {
              load(saved);
              void message.success(t('common.saved'));
            },
            onError: (e) => {
              if (e instanceof ApiError && e.status === 409) {
                setConflict(true);
                return;
              }
              if (e instanceof ApiError && e.fields.length > 0) onTab('code');
              handleError(e, form);
            },
          },
        ),
      () => {
        onTab('code');
        void message.error(t('settingsBooks.calc.editor.fixErrors'));
      },
    );

  const reloadSaved = () =>
    reload().then(({ data }) => {
      if (!data) return;
      load(data);
      void message.info(t('settingsBooks.calc.editor.reloaded', { version: data.version }));
    });

  const showLine = (line: number) => {
    setMarkLine({ line });
    onTab('code');
  };

  return (
    <Flex vertical gap={12}>
      <BackButton onBack={onBack} />
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Space size={8} wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('settingsBooks.calc.editor.title', { name: calc.name })}
          </Typography.Title>
          <Tag>{t('settingsBooks.calc.editor.version', { version: baseVersion })}</Tag>
          {dirty && <Tag color="orange">{t('settingsBooks.calc.editor.unsaved')}</Tag>}
        </Space>
        <Space>
          <Button icon={<QuestionCircleOutlined />} onClick={() => setHelpOpen(true)}>
            {t('settingsBooks.calc.editor.help')}
          </Button>
          <Button
            type="primary"
            icon={<SaveOutlined />}
            loading={update.isPending}
            onClick={() => void save()}
          >
            {t('settingsBooks.calc.editor.save')}
          </Button>
        </Space>
      </Flex>
      {conflict && (
        <Alert
          type="error"
          showIcon
          title={t('settingsBooks.calc.editor.conflictTitle')}
          description={t('settingsBooks.calc.editor.conflictText')}
          action={
            <Popconfirm
              title={t('settingsBooks.calc.editor.reloadConfirm')}
              okText={t('settingsBooks.calc.editor.reload')}
              cancelText={t('common.cancel')}
              onConfirm={() => reloadSaved()}
            >
              <Button size="small">{t('settingsBooks.calc.editor.reload')}</Button>
            </Popconfirm>
          }
        />
      )}
      {/* No <form> element: Enter in a field must not save a program half-written. */}
      <Form<CalcFormValues>
        form={form}
        component={false}
        layout="vertical"
        name="calculation"
        initialValues={formValuesOf(calc)}
        onValuesChange={() => setDirty(true)}
      >
        <Tabs
          activeKey={tab}
          onChange={(key) => onTab(key as EditorTab)}
          items={[
            {
              key: 'code',
              label: t('settingsBooks.calc.editor.tabs.code'),
              // Mounted from the start: its fields are the form's, whichever tab opens first.
              forceRender: true,
              children: <CalculationFields markLine={markLine} />,
            },
            {
              key: 'test',
              label: t('settingsBooks.calc.editor.tabs.test'),
              children: (
                <DryRunPanel key={docType} editorForm={form} docType={docType} onShowLine={showLine} />
              ),
            },
            {
              key: 'versions',
              label: t('settingsBooks.calc.editor.tabs.versions'),
              children: <CalculationVersions calc={calc} dirty={dirty} onRolledBack={load} />,
            },
            {
              key: 'errors',
              label: (
                <Space size={6}>
                  {t('settingsBooks.calc.editor.tabs.errors')}
                  {calc.errorCount > 0 && <Badge count={calc.errorCount} size="small" overflowCount={999} />}
                </Space>
              ),
              children: <CalculationErrors id={calc.id} />,
            },
          ]}
        />
      </Form>
      <CalculationHelpDrawer open={helpOpen} onClose={() => setHelpOpen(false)} />
    </Flex>
  );
}
