import { useEffect, useRef, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Switch,
  Tag,
  Tooltip,
  Typography,
  type InputRef,
} from 'antd';
import { useTranslation } from 'react-i18next';
import {
  RESET_PERIODS,
  START_VALUE_MAX,
  TEMPLATE_MAX_LENGTH,
  type NumberedDocType,
  type NumberingTemplate,
} from '../../../../shared/schemas/numbering.js';
import { ApiError } from '../../../http/client.js';
import { useApiError, useErrorText } from '../../../http/use-api-error.js';
import { QueryErrorAlert } from '../../../shared/QueryErrorAlert.js';
import { useMe } from '../../auth/session.js';
import {
  useNumbering,
  useNumberingPreview,
  useSaveNumbering,
  type PreviewRequest,
  type UpdateNumbering,
} from './numbering.api.js';

/** The order of the seed: events, tasks, projects. */
const DOC_TYPES: NumberedDocType[] = ['event', 'task', 'project'];
const TOKENS = [
  { token: '{YYYY}', help: 'YYYY' },
  { token: '{YY}', help: 'YY' },
  { token: '{MM}', help: 'MM' },
  { token: '{DD}', help: 'DD' },
  { token: '{N}', help: 'N' },
  { token: '{N:6}', help: 'N6' },
  { token: '{JOURNAL}', help: 'JOURNAL' },
] as const;
const PREVIEW_DELAY_MS = 300;

type Values = {
  template: string;
  resetPeriod: UpdateNumbering['resetPeriod'];
  startValue: number | null;
  isPerJournal: boolean;
};

function useDebounced<T>(value: T, ms: number): T {
  const [current, setCurrent] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setCurrent(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return current;
}

/** Настройка → Нумерация: one card per numbered document type. */
export function NumberingTab() {
  const { t } = useTranslation();
  const numbering = useNumbering();
  const me = useMe();
  const canEdit = me.data?.isAdmin ?? false;
  if (numbering.isError)
    return <QueryErrorAlert error={numbering.error} onRetry={() => void numbering.refetch()} />;
  if (!numbering.data) return <Card loading />;
  const byType = new Map(numbering.data.map((n) => [n.docType, n]));
  return (
    <Flex vertical gap={16} style={{ maxWidth: 880 }}>
      <Typography.Text type="secondary">{t('settingsNumbering.description')}</Typography.Text>
      {!canEdit && <Alert type="info" showIcon title={t('settingsNumbering.readOnly')} />}
      {DOC_TYPES.map((docType) => {
        const saved = byType.get(docType);
        // The card stays mounted across saves: its form already holds what was saved.
        return saved ? <NumberingCard key={docType} saved={saved} canEdit={canEdit} /> : null;
      })}
    </Flex>
  );
}

function NumberingCard({ saved, canEdit }: { saved: NumberingTemplate; canEdit: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const templateInput = useRef<InputRef>(null);
  const save = useSaveNumbering(saved.docType);
  const handleError = useApiError();
  const errorText = useErrorText();
  const docType = saved.docType;

  const watched = Form.useWatch([], form) as Values | undefined;
  const values = watched ?? saved;
  const request: PreviewRequest | null = values.template.trim()
    ? {
        docType,
        template: values.template,
        resetPeriod: values.resetPeriod,
        isPerJournal: values.isPerJournal,
        ...(values.startValue !== null && { startValue: values.startValue }),
      }
    : null;
  // Debounced as text: a new object every render would restart the timer for ever.
  const draftText = useDebounced(JSON.stringify(request), PREVIEW_DELAY_MS);
  const draft = JSON.parse(draftText) as PreviewRequest | null;
  const preview = useNumberingPreview(docType, draft);
  const previewFields = preview.error instanceof ApiError ? preview.error.fields : [];
  const fieldProblem = (path: string) => previewFields.find((f) => f.path === path)?.message;
  const otherProblem = preview.isError && previewFields.length === 0 ? errorText(preview.error) : null;

  const insertToken = (token: string) => {
    const el = templateInput.current?.input;
    const current: string = form.getFieldValue('template') ?? '';
    const start = el?.selectionStart ?? current.length;
    const end = el?.selectionEnd ?? start;
    form.setFieldValue('template', current.slice(0, start) + token + current.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  const submit = (v: Values) =>
    save.mutate(
      {
        template: v.template,
        resetPeriod: v.resetPeriod,
        startValue: v.startValue ?? 0,
        isPerJournal: v.isPerJournal,
      },
      {
        onSuccess: () => void message.success(t('common.saved')),
        onError: (e) => handleError(e, form),
      },
    );

  const sequenceMoves =
    values.resetPeriod !== saved.resetPeriod || values.isPerJournal !== saved.isPerJournal;
  const templateProblem = fieldProblem('template');
  const startValueProblem = fieldProblem('startValue');
  const previewNumber = preview.isError || draft === null ? null : preview.data?.number;

  return (
    <Card
      size="small"
      title={t(`settingsNumbering.docTypes.${docType}`)}
      data-testid={`numbering-${docType}`}
    >
      <Form<Values>
        form={form}
        name={`numbering-${docType}`}
        layout="vertical"
        initialValues={{
          template: saved.template,
          resetPeriod: saved.resetPeriod,
          startValue: saved.startValue,
          isPerJournal: saved.isPerJournal,
        }}
        disabled={!canEdit}
        onFinish={submit}
      >
        <Form.Item
          label={t('settingsNumbering.template')}
          name="template"
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
          {...(templateProblem && { validateStatus: 'error' as const, help: templateProblem })}
          extra={
            <Flex wrap gap={4} align="center" style={{ marginTop: 4 }}>
              <span>{t('settingsNumbering.tokensHelp')}</span>
              {TOKENS.map(({ token, help }) => (
                <Tooltip key={token} title={t(`settingsNumbering.tokens.${help}`)}>
                  <Tag
                    style={{ cursor: canEdit ? 'pointer' : 'default', fontFamily: 'monospace' }}
                    onClick={canEdit ? () => insertToken(token) : undefined}
                  >
                    {token}
                  </Tag>
                </Tooltip>
              ))}
            </Flex>
          }
        >
          <Input ref={templateInput} maxLength={TEMPLATE_MAX_LENGTH} autoComplete="off" />
        </Form.Item>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item label={t('settingsNumbering.resetPeriod')} name="resetPeriod">
              <Select
                options={RESET_PERIODS.map((p) => ({ value: p, label: t(`settingsNumbering.periods.${p}`) }))}
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              label={t('settingsNumbering.startValue')}
              name="startValue"
              {...(startValueProblem && { validateStatus: 'error' as const, help: startValueProblem })}
            >
              <InputNumber min={0} max={START_VALUE_MAX} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              label={t('settingsNumbering.isPerJournal')}
              name="isPerJournal"
              valuePropName="checked"
            >
              <Switch />
            </Form.Item>
          </Col>
        </Row>
        <Flex vertical gap={4} style={{ marginBottom: 12 }}>
          <span>
            {t('settingsNumbering.preview')}:{' '}
            <Typography.Text strong code data-testid={`numbering-preview-${docType}`}>
              {previewNumber ?? '—'}
            </Typography.Text>
          </span>
          {otherProblem && <Typography.Text type="danger">{otherProblem}</Typography.Text>}
          {previewNumber?.includes('{JOURNAL}') && (
            <Typography.Text type="secondary">{t('settingsNumbering.previewJournalHint')}</Typography.Text>
          )}
          {sequenceMoves && <Alert type="warning" showIcon title={t('settingsNumbering.sequenceHint')} />}
        </Flex>
        {canEdit && (
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        )}
      </Form>
    </Card>
  );
}
