import { Button, DatePicker, Form, Input, InputNumber, Radio, Select, Space, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import {
  PROJECT_KINDS,
  PROJECT_STATUSES,
  type ProjectKind,
  type ProjectStatus,
} from '../../../shared/schemas/card-files.js';
import {
  PROJECT_DESCRIPTION_MAX,
  PROJECT_NAME_MAX,
  type CreateProject,
  type Project,
} from '../../../shared/schemas/projects.js';
import { dialogFormLayout, dialogFormTail } from '../../shared/form-layout.js';
import { ClientSelect } from '../../shared/pickers/ClientSelect.js';
import { JournalSelect } from '../../shared/pickers/JournalSelect.js';
import { UserSelect } from '../../shared/pickers/UserSelect.js';

/** The form's own values: dates as the date picker holds them. */
export interface ProjectFormValues {
  name: string;
  kind: ProjectKind;
  clientId: number | null;
  managerId: number | null;
  participantIds: number[];
  journalId: number | null;
  status: ProjectStatus;
  plannedStart: Dayjs | null;
  plannedEnd: Dayjs | null;
  actualStart: Dayjs | null;
  actualEnd: Dayjs | null;
  description: string;
  progressPercent: number | null;
}

const DATE_FORMAT = 'YYYY-MM-DD';

/** Fields whose server error depends on another one (a date pair, the kind and its client). */
const RELATED: Partial<Record<keyof ProjectFormValues, (keyof ProjectFormValues)[]>> = {
  kind: ['kind', 'clientId'],
  plannedStart: ['plannedStart', 'plannedEnd'],
  plannedEnd: ['plannedStart', 'plannedEnd'],
  actualStart: ['actualStart', 'actualEnd'],
  actualEnd: ['actualStart', 'actualEnd'],
};
const toDay = (value: string | null) => (value ? dayjs(value) : null);
const fromDay = (value: Dayjs | null | undefined) => (value ? value.format(DATE_FORMAT) : null);

export function formValuesOf(p: Project): ProjectFormValues {
  return {
    name: p.name,
    kind: p.kind,
    clientId: p.client?.id ?? null,
    managerId: p.manager?.id ?? null,
    participantIds: p.participants.map((u) => u.id),
    journalId: p.journal.id,
    status: p.status,
    plannedStart: toDay(p.plannedStart),
    plannedEnd: toDay(p.plannedEnd),
    actualStart: toDay(p.actualStart),
    actualEnd: toDay(p.actualEnd),
    description: p.description,
    progressPercent: p.progressPercent,
  };
}

/** The request body of a save (the same fields for create and change). */
export function bodyOf(v: ProjectFormValues): CreateProject & { journalId: number | null } {
  return {
    name: v.name,
    kind: v.kind,
    clientId: v.kind === 'internal' ? null : (v.clientId ?? null),
    managerId: v.managerId ?? null,
    participantIds: v.participantIds,
    journalId: v.journalId ?? null,
    status: v.status,
    plannedStart: fromDay(v.plannedStart),
    plannedEnd: fromDay(v.plannedEnd),
    actualStart: fromDay(v.actualStart),
    actualEnd: fromDay(v.actualEnd),
    description: v.description ?? '',
    progressPercent: v.progressPercent ?? null,
  };
}

/**
 * Requisites of a project, for creating one and for editing it on the card. Field names are the
 * API's, so the server's field errors (an external project without a client…) land on them.
 */
export function ProjectForm({
  form,
  initialValues,
  onFinish,
  saving,
  submitText,
  onCancel,
}: {
  form: FormInstance<ProjectFormValues>;
  initialValues: Partial<ProjectFormValues>;
  onFinish: (values: ProjectFormValues) => void;
  saving: boolean;
  submitText: string;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const kind = Form.useWatch('kind', form) ?? initialValues.kind;
  const required = { required: true, message: t('common.required') };
  return (
    <Form<ProjectFormValues>
      form={form}
      name="project"
      {...dialogFormLayout}
      labelCol={{ span: 6 }}
      wrapperCol={{ span: 14 }}
      initialValues={initialValues}
      onFinish={onFinish}
      onValuesChange={(changed: Partial<ProjectFormValues>) => {
        if (changed.kind === 'internal') form.setFieldValue('clientId', null);
        // A server error stays on its field until that field (or its pair) changes.
        form.setFields(
          Object.keys(changed)
            .flatMap((key) => {
              const name = key as keyof ProjectFormValues;
              return RELATED[name] ?? [name];
            })
            .map((name) => ({ name, errors: [] })),
        );
      }}
    >
      <Form.Item label={t('projects.fields.name')} name="name" rules={[required, { max: PROJECT_NAME_MAX }]}>
        <Input autoFocus />
      </Form.Item>
      <Form.Item
        label={t('projects.fields.kind')}
        name="kind"
        rules={[required]}
        extra={kind ? t(`projects.kindHints.${kind}`) : undefined}
      >
        <Radio.Group
          optionType="button"
          options={PROJECT_KINDS.map((k) => ({ value: k, label: t(`projects.kinds.${k}`) }))}
        />
      </Form.Item>
      {/* Not required here: the server answers with the field error, the one source of the rule. */}
      {kind !== 'internal' && (
        <Form.Item label={t('projects.fields.client')} name="clientId">
          <ClientSelect allowClear />
        </Form.Item>
      )}
      <Form.Item label={t('projects.fields.manager')} name="managerId">
        <UserSelect allowClear />
      </Form.Item>
      <Form.Item label={t('projects.fields.participants')} name="participantIds">
        <UserSelect multiple />
      </Form.Item>
      <Form.Item label={t('projects.fields.journal')} name="journalId">
        <JournalSelect docType="project" allowClear placeholder={t('projects.journalDefault')} />
      </Form.Item>
      <Form.Item label={t('projects.fields.status')} name="status" rules={[required]}>
        <Select
          options={PROJECT_STATUSES.map((s) => ({ value: s, label: t(`projects.statuses.${s}`) }))}
          style={{ maxWidth: 240 }}
        />
      </Form.Item>
      <Form.Item label={t('projects.fields.planned')} style={{ marginBottom: 0 }}>
        <Space wrap>
          <Form.Item name="plannedStart">
            <DatePicker placeholder={t('projects.fields.plannedStart')} />
          </Form.Item>
          <Form.Item name="plannedEnd">
            <DatePicker placeholder={t('projects.fields.plannedEnd')} />
          </Form.Item>
        </Space>
      </Form.Item>
      <Form.Item label={t('projects.fields.actual')} style={{ marginBottom: 0 }}>
        <Space wrap>
          <Form.Item name="actualStart">
            <DatePicker placeholder={t('projects.fields.actualStart')} />
          </Form.Item>
          <Form.Item name="actualEnd">
            <DatePicker placeholder={t('projects.fields.actualEnd')} />
          </Form.Item>
        </Space>
      </Form.Item>
      <Form.Item
        label={t('projects.fields.progressPercent')}
        name="progressPercent"
        extra={t('projects.progressPercentHint')}
      >
        <InputNumber min={0} max={100} precision={0} suffix="%" style={{ width: 120 }} />
      </Form.Item>
      <Form.Item
        label={t('projects.fields.description')}
        name="description"
        rules={[{ max: PROJECT_DESCRIPTION_MAX }]}
      >
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 16 }} />
      </Form.Item>
      <Form.Item {...dialogFormTail} wrapperCol={{ offset: 6, span: 14 }}>
        <Space>
          <Button type="primary" htmlType="submit" loading={saving}>
            {submitText}
          </Button>
          {onCancel && <Button onClick={onCancel}>{t('common.cancel')}</Button>}
        </Space>
      </Form.Item>
    </Form>
  );
}
