import type { ReactNode } from 'react';
import { Button, Flex, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';

/** A block of the setup: its heading and what it is for, with the add button when the caller may write. */
export function SectionHeader({
  id,
  title,
  hint,
  addLabel,
  onAdd,
}: {
  /** The heading's id, for the section's aria-labelledby. */
  id?: string;
  title?: string;
  hint: ReactNode;
  addLabel: string;
  onAdd: (() => void) | null;
}) {
  return (
    <Flex vertical gap={4}>
      {title && (
        <Typography.Title level={5} id={id} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
      )}
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Typography.Text type="secondary">{hint}</Typography.Text>
        {onAdd && (
          <Button type="primary" icon={<PlusOutlined />} onClick={onAdd}>
            {addLabel}
          </Button>
        )}
      </Flex>
    </Flex>
  );
}
