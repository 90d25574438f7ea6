import { useState } from 'react';
import { Button, Checkbox, Empty, Flex, List, Tag, Typography } from 'antd';
import { CalendarOutlined, CheckSquareOutlined, EditOutlined, ProjectOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { TIMELINE_KINDS, type TimelineItem, type TimelineKind } from '../../../shared/schemas/timeline.js';
import { useFormatDateTime } from '../format.js';
import { QueryErrorAlert } from '../QueryErrorAlert.js';
import { usePaged } from './use-paged.js';

const ICONS: Record<TimelineKind, React.ReactNode> = {
  event: <CalendarOutlined />,
  task: <CheckSquareOutlined />,
  project: <ProjectOutlined />,
  change: <EditOutlined />,
};

/** A card's timeline (`path` is the API's timeline URL), newest first, filterable by kind. */
export function TimelineList({ path }: { path: string }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const [kinds, setKinds] = useState<TimelineKind[]>([...TIMELINE_KINDS]);
  const all = kinds.length === TIMELINE_KINDS.length;
  const url = all ? path : `${path}?kinds=${kinds.join(',')}`;
  const timeline = usePaged<TimelineItem>(['timeline'], url);

  const title = (item: TimelineItem) => {
    if (item.kind !== 'change') return [item.number, item.title].filter(Boolean).join(' · ');
    const action = t(`cards.timeline.change.${item.title as 'create' | 'update' | 'merge'}`);
    return item.subtitle
      ? `${action}: ${t(`settingsBooks.history.fields.client.${item.subtitle}` as 'settingsBooks.history.fields.client.name')}`
      : action;
  };

  return (
    <Flex vertical gap={8}>
      <Checkbox.Group
        value={kinds}
        onChange={(v) => setKinds(v.length ? v : [...TIMELINE_KINDS])}
        options={TIMELINE_KINDS.map((k) => ({ value: k, label: t(`cards.timeline.kinds.${k}`) }))}
      />
      {timeline.error ? (
        <QueryErrorAlert error={timeline.error} onRetry={() => void timeline.refetch()} />
      ) : (
        <List<TimelineItem>
          loading={timeline.isLoading}
          dataSource={timeline.items}
          locale={{ emptyText: <Empty description={t('cards.timeline.empty')} /> }}
          renderItem={(item) => (
            <List.Item key={`${item.kind}-${item.id}`} data-testid={`timeline-${item.kind}-${item.docId}`}>
              <List.Item.Meta
                avatar={ICONS[item.kind]}
                title={
                  item.kind === 'change' ? (
                    title(item)
                  ) : (
                    <Link to={`/${item.docType}s/${item.docId}`}>{title(item)}</Link>
                  )
                }
                description={
                  <Flex gap={8} wrap>
                    <Typography.Text type="secondary">{formatDateTime(item.at)}</Typography.Text>
                    {item.kind !== 'change' && item.subtitle && (
                      <Tag>
                        {item.kind === 'project'
                          ? t(`projects.statuses.${item.subtitle}` as 'projects.statuses.active')
                          : item.subtitle}
                      </Tag>
                    )}
                    {item.userName && <Typography.Text type="secondary">{item.userName}</Typography.Text>}
                  </Flex>
                }
              />
            </List.Item>
          )}
        />
      )}
      {timeline.hasNextPage && (
        <Button onClick={() => void timeline.fetchNextPage()} loading={timeline.isFetchingNextPage}>
          {t('cards.more')}
        </Button>
      )}
    </Flex>
  );
}
