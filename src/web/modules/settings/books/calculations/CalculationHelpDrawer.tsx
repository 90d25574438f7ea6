import { Descriptions, Drawer, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { updateEventRequest } from '../../../../../shared/schemas/events.js';
import { updateProjectRequest } from '../../../../../shared/schemas/projects.js';
import { updateTaskRequest } from '../../../../../shared/schemas/tasks.js';
import {
  CALC_DOC_TYPES,
  CALC_TRIGGERS,
  type CalcDocType,
} from '../../../../../shared/schemas/calculations.js';

/** What the script sees, as it writes it. */
const VARIABLES = [
  ['doc', 'doc'],
  ['prev', 'prev'],
  ['user', 'user'],
  ['action', 'action'],
  ['trigger', 'trigger'],
] as const;

const FUNCTIONS = [
  ['reject', 'reject(message, field?)'],
  ['find', 'await find(type, filter)'],
  ['createTask', 'createTask(fields)'],
  ['createEvent', 'createEvent(fields)'],
  ['update', 'update(type, id, fields)'],
  ['notify', 'notify(userId, text)'],
  ['log', 'log(...values)'],
] as const;

const EXAMPLES = ['reject', 'fields', 'find', 'after'] as const;

/** What a script may change in `doc`: the fields an edit of the document accepts (the server applies the same). */
const WRITABLE: Record<CalcDocType, string> = {
  task: Object.keys(updateTaskRequest.shape).join(', '),
  event: Object.keys(updateEventRequest.shape).join(', '),
  project: Object.keys(updateProjectRequest.shape).join(', '),
};

/** The keys each `find` type filters by. */
const FIND_FILTERS = [
  ['tasks', 'ids, projectId, clientId, eventId, performerId, statusId, statusCode, isClosed'],
  ['events', 'ids, projectId, clientId, performerId, typeCode'],
  ['projects', 'ids, clientId, managerId, status'],
  ['clients', 'ids, name, phone, email, taxId'],
  ['taskComments', 'taskId'],
] as const;

function Code({ children }: { children: string }) {
  return (
    <pre
      style={{
        margin: 0,
        padding: 8,
        background: '#fafafa',
        border: '1px solid #f0f0f0',
        borderRadius: 6,
        whiteSpace: 'pre-wrap',
        fontSize: 12,
      }}
    >
      {children}
    </pre>
  );
}

/** «Справка по API»: the script's variables, functions, limits and a few examples. */
export function CalculationHelpDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const h = (
    key:
      | 'triggersTitle'
      | 'variablesTitle'
      | 'writableTitle'
      | 'functionsTitle'
      | 'findTitle'
      | 'limitsTitle'
      | 'examplesTitle',
  ) => <Typography.Title level={5}>{t(`settingsBooks.calc.help.${key}`)}</Typography.Title>;
  return (
    <Drawer open={open} onClose={onClose} size={720} title={t('settingsBooks.calc.help.title')}>
      <Flex vertical gap={8}>
        <Typography.Paragraph>{t('settingsBooks.calc.help.intro')}</Typography.Paragraph>
        {h('triggersTitle')}
        <Descriptions
          size="small"
          bordered
          column={1}
          items={CALC_TRIGGERS.map((trigger) => ({
            key: trigger,
            label: t(`settingsBooks.calc.triggers.${trigger}`),
            children: t(`settingsBooks.calc.triggerHints.${trigger}`),
          }))}
        />
        {h('variablesTitle')}
        <Descriptions
          size="small"
          bordered
          column={1}
          styles={{ label: { whiteSpace: 'nowrap' } }}
          items={VARIABLES.map(([key, code]) => ({
            key,
            label: <Typography.Text code>{code}</Typography.Text>,
            children: t(`settingsBooks.calc.help.items.${key}`),
          }))}
        />
        {h('writableTitle')}
        <Typography.Paragraph type="secondary">
          {t('settingsBooks.calc.help.writableHint')}
        </Typography.Paragraph>
        <Descriptions
          size="small"
          bordered
          column={1}
          styles={{ label: { whiteSpace: 'nowrap' } }}
          items={CALC_DOC_TYPES.map((docType) => ({
            key: docType,
            label: t(`settingsBooks.calc.docTypes.${docType}`),
            children: <Typography.Text code>{WRITABLE[docType]}</Typography.Text>,
          }))}
        />
        {h('functionsTitle')}
        <Descriptions
          size="small"
          bordered
          column={1}
          styles={{ label: { whiteSpace: 'nowrap' } }}
          items={FUNCTIONS.map(([key, code]) => ({
            key,
            label: <Typography.Text code>{code}</Typography.Text>,
            children: t(`settingsBooks.calc.help.items.${key}`),
          }))}
        />
        {h('findTitle')}
        <Descriptions
          size="small"
          bordered
          column={1}
          styles={{ label: { whiteSpace: 'nowrap' } }}
          items={FIND_FILTERS.map(([type, keys]) => ({
            key: type,
            label: <Typography.Text code>{`'${type}'`}</Typography.Text>,
            children: <Typography.Text code>{keys}</Typography.Text>,
          }))}
        />
        {h('limitsTitle')}
        <Typography.Paragraph>{t('settingsBooks.calc.help.limits')}</Typography.Paragraph>
        {h('examplesTitle')}
        {EXAMPLES.map((key) => (
          <Code key={key}>{t(`settingsBooks.calc.help.examples.${key}`)}</Code>
        ))}
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('settingsBooks.calc.help.shipped')}
        </Typography.Paragraph>
      </Flex>
    </Drawer>
  );
}
