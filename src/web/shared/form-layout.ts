import type { FormProps } from 'antd';

/** Dialog forms put labels beside the fields: dense, as in a desktop ERP. */
export const dialogFormLayout = {
  layout: 'horizontal',
  labelCol: { span: 8 },
  wrapperCol: { span: 16 },
  labelWrap: true,
} as const satisfies FormProps;

/** For a field without a label (a checkbox), lined up with the labelled ones. */
export const dialogFormTail = { wrapperCol: { offset: 8, span: 16 } } as const;
