import { useState } from 'react';
import { Button, Card, Empty, Flex, Input, Popconfirm, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { TASK_COMMENT_MAX, type TaskComment } from '../../../shared/schemas/tasks.js';
import { useApiError } from '../../http/use-api-error.js';
import { QueryErrorAlert } from '../../shared/QueryErrorAlert.js';
import { useFormatDateTime } from '../../shared/format.js';
import { useMe } from '../auth/session.js';
import { useSaveComment, useTaskComments } from './tasks.api.js';

/** Comments, oldest first; anyone writes, the author of a comment edits or deletes it. */
export function TaskComments({ taskId }: { taskId: number }) {
  const { t } = useTranslation();
  const comments = useTaskComments(taskId);
  const save = useSaveComment(taskId);
  const handleError = useApiError();
  const me = useMe();
  const [body, setBody] = useState('');

  if (comments.isError)
    return <QueryErrorAlert error={comments.error} onRetry={() => void comments.refetch()} />;
  if (comments.isPending) return <Spin />;
  const send = () =>
    save.mutate(
      { commentId: null, body: body.trim() },
      { onSuccess: () => setBody(''), onError: (e) => handleError(e) },
    );
  return (
    <Flex vertical gap={8} style={{ maxWidth: 860 }}>
      {!comments.items.length && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.comments.empty')} />
      )}
      {comments.items.map((c) => (
        <CommentCard
          key={c.id}
          taskId={taskId}
          comment={c}
          mine={c.userId !== null && c.userId === me.data?.id}
        />
      ))}
      {comments.hasNextPage && (
        <Button onClick={() => void comments.fetchNextPage()} loading={comments.isFetchingNextPage}>
          {t('tasks.more')}
        </Button>
      )}
      <Input.TextArea
        value={body}
        onChange={(e) => setBody(e.target.value)}
        maxLength={TASK_COMMENT_MAX}
        placeholder={t('tasks.comments.placeholder')}
        autoSize={{ minRows: 2, maxRows: 10 }}
      />
      <Flex justify="flex-end">
        <Button type="primary" onClick={send} loading={save.isPending} disabled={!body.trim()}>
          {t('tasks.comments.send')}
        </Button>
      </Flex>
    </Flex>
  );
}

function CommentCard({ taskId, comment: c, mine }: { taskId: number; comment: TaskComment; mine: boolean }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const save = useSaveComment(taskId);
  const handleError = useApiError();
  const [draft, setDraft] = useState<string | null>(null);
  const onError = { onError: (e: unknown) => handleError(e) };
  return (
    <Card
      size="small"
      data-testid="task-comment"
      title={
        <Space size={8}>
          <Typography.Text strong>{c.user?.name ?? t('cards.system')}</Typography.Text>
          <Typography.Text type="secondary">
            {formatDateTime(c.createdAt)}
            {c.updatedAt !== c.createdAt && ` · ${t('tasks.comments.edited')}`}
          </Typography.Text>
        </Space>
      }
      extra={
        mine &&
        draft === null && (
          <Space size={0}>
            <Button type="link" size="small" onClick={() => setDraft(c.body)}>
              {t('common.edit')}
            </Button>
            <Popconfirm
              title={t('tasks.comments.confirmDelete')}
              okText={t('common.delete')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() => save.mutate({ commentId: c.id, body: null }, onError)}
            >
              <Button type="link" size="small" danger>
                {t('common.delete')}
              </Button>
            </Popconfirm>
          </Space>
        )
      }
    >
      {draft === null ? (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{c.body}</Typography.Paragraph>
      ) : (
        <Flex vertical gap={8}>
          <Input.TextArea
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            maxLength={TASK_COMMENT_MAX}
            autoSize={{ minRows: 2, maxRows: 10 }}
          />
          <Space>
            <Button
              type="primary"
              size="small"
              disabled={!draft.trim()}
              loading={save.isPending}
              onClick={() =>
                save.mutate(
                  { commentId: c.id, body: draft.trim() },
                  { onSuccess: () => setDraft(null), ...onError },
                )
              }
            >
              {t('common.save')}
            </Button>
            <Button size="small" onClick={() => setDraft(null)}>
              {t('common.cancel')}
            </Button>
          </Space>
        </Flex>
      )}
    </Card>
  );
}
