import type { ReactNode } from 'react';
import { Alert, Button, Flex, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DryRunResult } from '../../../../../shared/schemas/calculations.js';

/** A value as JSON, so that types show ("5" and 5 differ); absent is a dash. */
function JsonValue({ value }: { value: unknown }) {
  if (value === undefined) return <>—</>;
  return <Typography.Text code>{JSON.stringify(value)}</Typography.Text>;
}

function JsonBlock({ value }: { value: unknown }) {
  return (
    <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-word', fontSize: 12 }}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

/** A titled part of the result; «нет» when it has nothing. */
function Part({ title, empty, children }: { title: string; empty: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <section aria-label={title}>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {title}
      </Typography.Title>
      {empty ? (
        <Typography.Text type="secondary">{t('settingsBooks.calc.test.none')}</Typography.Text>
      ) : (
        children
      )}
    </section>
  );
}

/** The outcome first (passed, refused, failed), then what the script would have done. */
function Outcome({ result, onShowLine }: { result: DryRunResult; onShowLine: (line: number) => void }) {
  const { t } = useTranslation();
  const { error, rejected } = result;
  if (error)
    return (
      <Alert
        type="error"
        showIcon
        title={t('settingsBooks.calc.test.error', { kind: t(`settingsBooks.calc.errorKinds.${error.kind}`) })}
        description={
          <Flex vertical gap={4} align="flex-start">
            <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{error.message}</Typography.Text>
            {error.line !== null && (
              <Button size="small" onClick={() => onShowLine(error.line!)}>
                {t('settingsBooks.calc.test.showLine', { line: error.line })}
              </Button>
            )}
          </Flex>
        }
      />
    );
  if (rejected)
    return (
      <Alert
        type="warning"
        showIcon
        title={t('settingsBooks.calc.test.rejected')}
        description={
          <>
            {rejected.message}
            {rejected.field && (
              <Typography.Text type="secondary">
                {' '}
                ({t('settingsBooks.calc.test.rejectedField', { field: rejected.field })})
              </Typography.Text>
            )}
          </>
        }
      />
    );
  return <Alert type="success" showIcon title={t('settingsBooks.calc.test.ok')} />;
}

/** What a dry run answered: nothing of it was written. */
export function DryRunResultView({
  result,
  onShowLine,
}: {
  result: DryRunResult;
  onShowLine: (line: number) => void;
}) {
  const { t } = useTranslation();
  const tt = (key: 'field' | 'before' | 'after' | 'user' | 'text') => t(`settingsBooks.calc.test.${key}`);
  return (
    <section aria-label={t('settingsBooks.calc.test.result')} data-testid="dry-run-result">
      <Flex vertical gap={16}>
        <Flex vertical gap={4}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('settingsBooks.calc.test.result')}
          </Typography.Title>
          <Typography.Text type="secondary">
            {t('settingsBooks.calc.test.duration', { ms: Math.round(result.durationMs * 10) / 10 })}
          </Typography.Text>
        </Flex>
        <Outcome result={result} onShowLine={onShowLine} />
        <Part title={t('settingsBooks.calc.test.fieldChanges')} empty={result.fieldChanges.length === 0}>
          <Table
            size="small"
            bordered
            pagination={false}
            rowKey="field"
            dataSource={result.fieldChanges}
            columns={[
              {
                title: tt('field'),
                dataIndex: 'field',
                render: (f: string) => <Typography.Text code>{f}</Typography.Text>,
              },
              { title: tt('before'), key: 'before', render: (_, c) => <JsonValue value={c.before} /> },
              { title: tt('after'), key: 'after', render: (_, c) => <JsonValue value={c.after} /> },
            ]}
          />
        </Part>
        <Part title={t('settingsBooks.calc.test.created')} empty={result.created.length === 0}>
          <Flex vertical gap={8}>
            {result.created.map((c, i) => (
              <div key={i}>
                <Typography.Text strong>{t(`settingsBooks.calc.docType.${c.docType}`)}</Typography.Text>
                <JsonBlock value={c.input} />
              </div>
            ))}
          </Flex>
        </Part>
        <Part title={t('settingsBooks.calc.test.updates')} empty={result.updates.length === 0}>
          <Flex vertical gap={8}>
            {result.updates.map((u, i) => (
              <div key={i}>
                <Typography.Text strong>
                  {t(`settingsBooks.calc.docType.${u.docType}`)} #{u.id}
                </Typography.Text>
                <JsonBlock value={u.fields} />
              </div>
            ))}
          </Flex>
        </Part>
        <Part title={t('settingsBooks.calc.test.notifications')} empty={result.notifications.length === 0}>
          <Table
            size="small"
            bordered
            pagination={false}
            dataSource={result.notifications.map((n, key) => ({ ...n, key }))}
            columns={[
              { title: tt('user'), key: 'user', render: (_, n) => n.userName ?? `#${n.userId}` },
              { title: tt('text'), dataIndex: 'text' },
            ]}
          />
        </Part>
        <Part title={t('settingsBooks.calc.test.logs')} empty={result.logs.length === 0}>
          <pre
            style={{
              margin: 0,
              padding: 8,
              background: '#fafafa',
              whiteSpace: 'pre-wrap',
              wordBreak: 'break-word',
            }}
          >
            {result.logs.join('\n')}
          </pre>
        </Part>
      </Flex>
    </section>
  );
}
