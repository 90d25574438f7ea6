import { useState } from 'react';
import { Button, Checkbox, Empty, Flex, Input, Popconfirm, Progress, Spin, Tooltip, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { TASK_CHECKLIST_TEXT_MAX } from '../../../shared/schemas/tasks.js';
import { useApiError } from '../../http/use-api-error.js';
import { QueryErrorAlert } from '../../shared/QueryErrorAlert.js';
import { useChecklist, useChecklistChange } from './tasks.api.js';

/** The checklist of a task: tick, rename in place, move up or down, delete, add at the end. */
export function TaskChecklist({ taskId, locked }: { taskId: number; locked: boolean }) {
  const { t } = useTranslation();
  const items = useChecklist(taskId);
  const change = useChecklistChange(taskId);
  const handleError = useApiError();
  const [text, setText] = useState('');
  const onError = { onError: (e: unknown) => handleError(e) };

  if (items.isError) return <QueryErrorAlert error={items.error} onRetry={() => void items.refetch()} />;
  if (items.isPending) return <Spin />;
  const list = items.data;
  const done = list.filter((i) => i.isDone).length;
  const add = () => {
    const value = text.trim();
    if (!value) return;
    change.mutate({ kind: 'add', body: { text: value } }, { onSuccess: () => setText(''), ...onError });
  };

  return (
    <Flex vertical gap={8} style={{ maxWidth: 720 }}>
      {list.length > 0 && (
        <Progress
          percent={Math.round((done / list.length) * 100)}
          format={() => t('tasks.checklist.progress', { done, total: list.length })}
        />
      )}
      {!list.length && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.checklist.empty')} />
      )}
      {list.map((item, index) => (
        <Flex key={item.id} align="center" gap={8} data-testid="checklist-item">
          <Checkbox
            checked={item.isDone}
            disabled={locked}
            onChange={(e) =>
              change.mutate({ kind: 'update', itemId: item.id, body: { isDone: e.target.checked } }, onError)
            }
          />
          <Typography.Text
            delete={item.isDone}
            style={{ flex: 1 }}
            editable={
              locked
                ? false
                : {
                    maxLength: TASK_CHECKLIST_TEXT_MAX,
                    onChange: (value) => {
                      if (value.trim() && value !== item.text)
                        change.mutate({ kind: 'update', itemId: item.id, body: { text: value } }, onError);
                    },
                  }
            }
          >
            {item.text}
          </Typography.Text>
          <Tooltip title={t('tasks.checklist.up')}>
            <Button
              size="small"
              type="text"
              icon={<ArrowUpOutlined />}
              aria-label={t('tasks.checklist.up')}
              disabled={locked || index === 0}
              onClick={() =>
                change.mutate({ kind: 'update', itemId: item.id, body: { position: index - 1 } }, onError)
              }
            />
          </Tooltip>
          <Tooltip title={t('tasks.checklist.down')}>
            <Button
              size="small"
              type="text"
              icon={<ArrowDownOutlined />}
              aria-label={t('tasks.checklist.down')}
              disabled={locked || index === list.length - 1}
              onClick={() =>
                change.mutate({ kind: 'update', itemId: item.id, body: { position: index + 1 } }, onError)
              }
            />
          </Tooltip>
          <Popconfirm
            title={t('tasks.checklist.confirmDelete')}
            okText={t('common.delete')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true }}
            disabled={locked}
            onConfirm={() => change.mutate({ kind: 'delete', itemId: item.id }, onError)}
          >
            <Button
              size="small"
              type="text"
              danger
              icon={<DeleteOutlined />}
              aria-label={t('common.delete')}
              disabled={locked}
            />
          </Popconfirm>
        </Flex>
      ))}
      {!locked && (
        <Flex gap={8}>
          <Input
            value={text}
            maxLength={TASK_CHECKLIST_TEXT_MAX}
            placeholder={t('tasks.checklist.placeholder')}
            onChange={(e) => setText(e.target.value)}
            onPressEnter={add}
          />
          <Button onClick={add} loading={change.isPending} disabled={!text.trim()}>
            {t('tasks.checklist.add')}
          </Button>
        </Flex>
      )}
    </Flex>
  );
}
