import { Col, Form, Input, InputNumber, Row, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { CALC_MEMORY_LIMIT, CALC_TIME_LIMIT } from '../../../../../shared/schemas/calculations.js';
import { CodeEditor } from '../../../../shared/CodeEditor.js';
import type { CalcFormValues } from './calc-form.js';
import { fieldHint } from './field-hint.js';
import { useCalcOptions } from './calc-options.js';

/** The editor's «Свойства и код»: the properties in a grid, then the code. Inside the editor's form. */
export function CalculationFields({ markLine }: { markLine: { line: number } | null }) {
  const { t } = useTranslation();
  const options = useCalcOptions();
  const trigger = Form.useWatch<CalcFormValues['trigger'] | undefined>('trigger');
  const required = { required: true, message: t('common.required') };
  const limits = t('settingsBooks.calc.fields.limitsHint', {
    timeMin: CALC_TIME_LIMIT.min,
    timeMax: CALC_TIME_LIMIT.max,
    memMin: CALC_MEMORY_LIMIT.min,
    memMax: CALC_MEMORY_LIMIT.max,
  });

  return (
    <>
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <Form.Item
            label={t('settingsBooks.calc.fields.name')}
            name="name"
            rules={[{ ...required, whitespace: true }]}
          >
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col xs={12} xl={6}>
          <Form.Item label={t('settingsBooks.calc.fields.docType')} name="docType" rules={[required]}>
            <Select options={options.docTypes} />
          </Form.Item>
        </Col>
        <Col xs={12} xl={6}>
          <Form.Item
            label={t('settingsBooks.calc.fields.trigger')}
            name="trigger"
            rules={[required]}
            tooltip={fieldHint(trigger && t(`settingsBooks.calc.triggerHints.${trigger}`))}
          >
            <Select options={options.triggers} />
          </Form.Item>
        </Col>
        <Col xs={12} xl={6}>
          <Form.Item
            label={t('settingsBooks.calc.fields.position')}
            name="position"
            rules={[required]}
            tooltip={fieldHint(t('settingsBooks.calc.fields.positionHint'))}
          >
            <InputNumber min={0} max={100_000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} xl={6}>
          <Form.Item
            label={t('settingsBooks.calc.fields.timeLimitMs')}
            name="timeLimitMs"
            rules={[required]}
            tooltip={fieldHint(limits)}
          >
            <InputNumber
              min={CALC_TIME_LIMIT.min}
              max={CALC_TIME_LIMIT.max}
              precision={0}
              style={{ width: '100%' }}
            />
          </Form.Item>
        </Col>
        <Col xs={12} xl={6}>
          <Form.Item
            label={t('settingsBooks.calc.fields.memoryLimitMb')}
            name="memoryLimitMb"
            rules={[required]}
            tooltip={fieldHint(limits)}
          >
            <InputNumber
              min={CALC_MEMORY_LIMIT.min}
              max={CALC_MEMORY_LIMIT.max}
              precision={0}
              style={{ width: '100%' }}
            />
          </Form.Item>
        </Col>
        <Col xs={12} xl={6}>
          <Form.Item
            label={t('settingsBooks.calc.fields.isEnabled')}
            name="isEnabled"
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label={t('settingsBooks.calc.fields.code')} name="code">
        <CodeEditor ariaLabel={t('settingsBooks.calc.fields.codeAria')} markLine={markLine} />
      </Form.Item>
    </>
  );
}
