import { useState } from 'react';
import { useNavigate } from 'react-router';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  type DescriptionsProps,
  Flex,
  Select,
  Space,
  Spin,
  Statistic,
  Steps,
  Table,
  Typography,
  Upload,
  type TableColumnsType,
} from 'antd';
import { ArrowLeftOutlined, InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  IMPORT_FIELDS,
  type CsvDelimiter,
  type FileEncoding,
  type ImportField,
  type ImportFileRequest,
  type ImportLineProblems,
  type ImportPreview,
  type ImportReport,
} from '../../../../shared/schemas/imports.js';
import { Page } from '../../../app/layout/Page.js';
import { useApiError } from '../../../http/use-api-error.js';
import { readBase64, usePreviewImport, useRunImport } from './client-import.api.js';

type Mapping = Partial<Record<ImportField, number>>;
interface FileOptions {
  encoding: FileEncoding;
  delimiter: CsvDelimiter | undefined;
  sheet: string | undefined;
}
const DEFAULT_OPTIONS: FileOptions = { encoding: 'auto', delimiter: undefined, sheet: undefined };

/**
 * /clients/import: choose a file → check the columns against a preview of the first rows → import
 * (or only check) → the counts and every rejected row with its line and reasons.
 */
export function ClientImportPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const handleError = useApiError();
  const preview = usePreviewImport();
  const run = useRunImport();
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [options, setOptions] = useState<FileOptions>(DEFAULT_OPTIONS);
  const [mapping, setMapping] = useState<Mapping>({});
  const [report, setReport] = useState<ImportReport | null>(null);
  const [reading, setReading] = useState(false);

  const request = (f: { name: string; base64: string }, o: FileOptions): ImportFileRequest => ({
    fileName: f.name,
    contentBase64: f.base64,
    encoding: o.encoding,
    ...(o.delimiter && { delimiter: o.delimiter }),
    ...(o.sheet && { sheet: o.sheet }),
  });
  const load = (f: { name: string; base64: string }, o: FileOptions) =>
    preview.mutate(request(f, o), {
      onSuccess: (p) => setMapping(p.suggestedMapping),
      onError: (e) => handleError(e),
    });

  const choose = async (chosen: File) => {
    setReading(true);
    try {
      const f = { name: chosen.name, base64: await readBase64(chosen) };
      setFile(f);
      setOptions(DEFAULT_OPTIONS);
      setReport(null);
      load(f, DEFAULT_OPTIONS);
    } catch (e) {
      handleError(e);
    } finally {
      setReading(false);
    }
  };
  const changeOptions = (changes: Partial<FileOptions>) => {
    const next = { ...options, ...changes };
    setOptions(next);
    if (file) load(file, next);
  };
  const start = (dryRun: boolean) => {
    if (!file) return;
    run.mutate(
      { ...request(file, options), mapping, dryRun },
      { onSuccess: setReport, onError: (e) => handleError(e) },
    );
  };
  const reset = () => {
    setFile(null);
    setReport(null);
    setMapping({});
    preview.reset();
  };

  const step = report ? 2 : file && preview.data ? 1 : 0;
  return (
    <Page
      title={t('search.import.title')}
      extra={
        <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate('/clients')}>
          {t('search.import.back')}
        </Button>
      }
    >
      <Steps
        current={step}
        items={[
          { title: t('search.import.steps.file') },
          { title: t('search.import.steps.mapping') },
          { title: t('search.import.steps.report') },
        ]}
      />
      {step === 0 && (
        <Spin spinning={reading || preview.isPending} description={t('search.import.reading')}>
          <Upload.Dragger
            accept=".csv,.txt,.xlsx"
            multiple={false}
            showUploadList={false}
            beforeUpload={(chosen) => {
              void choose(chosen);
              return Upload.LIST_IGNORE;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('search.import.drop')}</p>
            <p className="ant-upload-hint">{t('search.import.dropHint')}</p>
          </Upload.Dragger>
        </Spin>
      )}
      {step === 1 && file && preview.data && (
        <MappingStep
          fileName={file.name}
          preview={preview.data}
          loading={preview.isPending}
          running={run.isPending}
          options={options}
          onOptions={changeOptions}
          mapping={mapping}
          onMapping={setMapping}
          onRun={start}
          onCancel={reset}
        />
      )}
      {step === 2 && report && (
        <ReportStep
          report={report}
          onAgain={() => setReport(null)}
          onAnother={reset}
          running={run.isPending}
          onRun={() => start(false)}
        />
      )}
    </Page>
  );
}

function MappingStep(props: {
  fileName: string;
  preview: ImportPreview;
  loading: boolean;
  running: boolean;
  options: FileOptions;
  onOptions: (changes: Partial<FileOptions>) => void;
  mapping: Mapping;
  onMapping: (m: Mapping) => void;
  onRun: (dryRun: boolean) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { preview, mapping, options } = props;
  const fieldAt = (index: number) => IMPORT_FIELDS.find((f) => mapping[f] === index);
  const assign = (index: number, field: ImportField | undefined) => {
    const next: Mapping = {};
    // A field reads one column: choosing it here takes it from any other.
    for (const f of IMPORT_FIELDS)
      if (mapping[f] !== undefined && mapping[f] !== index && f !== field) next[f] = mapping[f];
    if (field) next[field] = index;
    props.onMapping(next);
  };
  const fieldOptions = IMPORT_FIELDS.map((f) => ({ value: f, label: t(`search.import.fields.${f}`) }));

  type Row = ImportPreview['rows'][number];
  const columns: TableColumnsType<Row> = [
    { title: t('search.import.line'), dataIndex: 'line', key: 'line', width: 70, fixed: 'left' },
    ...preview.columns.map((c) => ({
      key: String(c.index),
      width: 200,
      title: (
        <Flex vertical gap={4}>
          <Select<ImportField | undefined>
            size="small"
            allowClear
            value={fieldAt(c.index)}
            placeholder={t('search.import.skip')}
            options={fieldOptions}
            onChange={(f) => assign(c.index, f)}
            style={{ width: '100%' }}
            aria-label={c.header}
          />
          <Typography.Text type="secondary" ellipsis>
            {c.header}
          </Typography.Text>
        </Flex>
      ),
      render: (_: unknown, row: Row) => (
        <Typography.Text ellipsis style={{ whiteSpace: 'pre-line' }}>
          {row.cells[c.index]}
        </Typography.Text>
      ),
    })),
  ];

  const delimiterName = (d: string | null) => (d === '\t' ? t('search.import.tab') : (d ?? ''));
  const fileItems: DescriptionsProps['items'] = [
    { key: 'file', label: t('search.import.file'), children: props.fileName },
    { key: 'format', label: t('search.import.format'), children: preview.format.toUpperCase() },
    ...(preview.format === 'csv'
      ? [
          {
            key: 'encoding',
            label: t('search.import.encoding'),
            children: (
              <Select<FileEncoding>
                size="small"
                value={options.encoding}
                onChange={(encoding) => props.onOptions({ encoding })}
                options={[
                  { value: 'auto', label: `${t('search.import.auto')} (${preview.encoding ?? ''})` },
                  { value: 'utf-8', label: 'UTF-8' },
                  { value: 'windows-1251', label: 'Windows-1251' },
                ]}
                style={{ minWidth: 170 }}
              />
            ),
          },
          {
            key: 'delimiter',
            label: t('search.import.delimiter'),
            children: (
              <Select<CsvDelimiter | ''>
                size="small"
                value={options.delimiter ?? ''}
                onChange={(d) => props.onOptions({ delimiter: d || undefined })}
                options={[
                  { value: '', label: `${t('search.import.auto')} (${delimiterName(preview.delimiter)})` },
                  { value: ';', label: ';' },
                  { value: ',', label: ',' },
                  { value: '\t', label: t('search.import.tab') },
                ]}
                style={{ minWidth: 140 }}
              />
            ),
          },
        ]
      : [
          {
            key: 'sheet',
            label: t('search.import.sheet'),
            children: (
              <Select<string>
                size="small"
                value={preview.sheet ?? undefined}
                onChange={(sheet) => props.onOptions({ sheet })}
                options={preview.sheets.map((s) => ({ value: s, label: s }))}
                style={{ minWidth: 160 }}
              />
            ),
          },
        ]),
  ];

  return (
    <Flex vertical gap={12}>
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 4 }} items={fileItems} />
        <Typography.Text type="secondary">
          {t('search.import.rows', { count: preview.totalRows })}. {t('search.import.previewHint')}
        </Typography.Text>
      </Card>
      <Table<Row>
        size="small"
        bordered
        loading={props.loading}
        rowKey="line"
        columns={columns}
        dataSource={preview.rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
      />
      {mapping.name === undefined && (
        <Alert type="warning" showIcon title={t('search.import.nameRequired')} />
      )}
      <Space>
        <Button
          onClick={() => props.onRun(true)}
          loading={props.running}
          disabled={mapping.name === undefined}
        >
          {t('search.import.check')}
        </Button>
        <Button
          type="primary"
          onClick={() => props.onRun(false)}
          loading={props.running}
          disabled={mapping.name === undefined}
        >
          {t('search.import.run')}
        </Button>
        <Button onClick={props.onCancel}>{t('common.cancel')}</Button>
      </Space>
    </Flex>
  );
}

function ProblemsTable({ title, rows }: { title: string; rows: ImportLineProblems[] }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<ImportLineProblems> = [
    { title: t('search.import.line'), dataIndex: 'line', key: 'line', width: 90 },
    {
      title: t('search.import.reason'),
      key: 'problems',
      render: (_, row) => (
        <Flex vertical>
          {row.problems.map((p, i) => (
            <span key={i}>
              {(p.column ?? (p.field && t(`search.import.fields.${p.field}`))) && (
                <Typography.Text strong>
                  {p.column ?? (p.field && t(`search.import.fields.${p.field}`))}:{' '}
                </Typography.Text>
              )}
              {p.message}
            </span>
          ))}
        </Flex>
      ),
    },
  ];
  return (
    <Card size="small" title={title}>
      <Table<ImportLineProblems>
        size="small"
        rowKey="line"
        columns={columns}
        dataSource={rows}
        pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      />
    </Card>
  );
}

function ReportStep(props: {
  report: ImportReport;
  running: boolean;
  onAgain: () => void;
  onAnother: () => void;
  onRun: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { report } = props;
  const counts = ['rows', 'created', 'updated', 'unchanged', 'rejected'] as const;
  return (
    <Flex vertical gap={12}>
      <Alert
        type={report.rejected ? 'warning' : report.dryRun ? 'info' : 'success'}
        showIcon
        title={report.dryRun ? t('search.import.dryRunDone') : t('search.import.done')}
      />
      <Card size="small">
        <Flex gap={48} wrap>
          {counts.map((k) => (
            <Statistic key={k} title={t(`search.import.counts.${k}`)} value={report[k]} />
          ))}
        </Flex>
      </Card>
      {report.rejectedRows.length > 0 && (
        <ProblemsTable title={t('search.import.rejectedTitle')} rows={report.rejectedRows} />
      )}
      {report.warnings.length > 0 && (
        <ProblemsTable title={t('search.import.warningsTitle')} rows={report.warnings} />
      )}
      <Space>
        {report.dryRun && (
          <Button type="primary" onClick={props.onRun} loading={props.running}>
            {t('search.import.run')}
          </Button>
        )}
        {report.dryRun && <Button onClick={props.onAgain}>{t('search.import.steps.mapping')}</Button>}
        <Button type={report.dryRun ? 'default' : 'primary'} onClick={() => void navigate('/clients')}>
          {t('search.import.back')}
        </Button>
        <Button onClick={props.onAnother}>{t('search.import.another')}</Button>
      </Space>
    </Flex>
  );
}
