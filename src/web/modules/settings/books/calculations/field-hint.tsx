import { QuestionCircleOutlined } from '@ant-design/icons';

/** A Form.Item tooltip whose icon stays out of the field's accessible name (only the label names it). */
export function fieldHint(title: string | undefined) {
  return title ? { title, icon: <QuestionCircleOutlined aria-hidden /> } : undefined;
}
