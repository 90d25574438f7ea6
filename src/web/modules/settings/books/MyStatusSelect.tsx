import { Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApiError } from '../../../http/use-api-error.js';
import { useFormatDateTime } from '../../../shared/format.js';
import { ColorSwatch, useEntryName } from './BookEntryName.js';
import { useBook, useMyStatus, useSetMyStatus } from './books.api.js';

/**
 * The signed-in user's current status: a compact select (any active user status) and the time it
 * was set. Small enough for the header.
 */
export function MyStatusSelect() {
  const { t } = useTranslation();
  const statuses = useBook('user-statuses');
  const mine = useMyStatus();
  const setStatus = useSetMyStatus();
  const handleError = useApiError();
  const name = useEntryName();
  const formatTime = useFormatDateTime();
  const current = mine.data?.status ?? null;
  const options = (statuses.data ?? [])
    .filter((s) => s.isActive || s.id === current?.id)
    .map((s) => ({
      value: s.id,
      label: (
        <Space size={6}>
          <ColorSwatch color={s.color} />
          {name(s)}
        </Space>
      ),
      title: name(s),
    }));
  return (
    <Space size={8}>
      <Select<number>
        size="small"
        style={{ minWidth: 180 }}
        aria-label={t('settingsBooks.myStatus.label')}
        data-testid="my-status"
        placeholder={t('settingsBooks.myStatus.placeholder')}
        loading={statuses.isPending || mine.isPending || setStatus.isPending}
        value={current?.id}
        options={options}
        onChange={(id) => setStatus.mutate(id, { onError: (e) => handleError(e) })}
      />
      {mine.data?.setAt && (
        <Typography.Text type="secondary">
          {t('settingsBooks.myStatus.since', { time: formatTime(mine.data.setAt) })}
        </Typography.Text>
      )}
    </Space>
  );
}
