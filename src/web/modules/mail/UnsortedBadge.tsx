import { Badge } from 'antd';
import { UNSORTED_COUNT_LIMIT, useUnsortedCount } from './mail.api.js';

/** The number of letters waiting in «Неразобранные», beside the menu item; nothing when none. */
export function UnsortedBadge() {
  const count = useUnsortedCount();
  if (!count.data) return null;
  return (
    <Badge
      count={count.data}
      overflowCount={UNSORTED_COUNT_LIMIT}
      size="small"
      style={{ marginInlineStart: 8 }}
      data-testid="unsorted-count"
    />
  );
}
