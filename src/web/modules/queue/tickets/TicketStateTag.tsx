import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TicketState } from '../../../../shared/schemas/queue.js';

const COLORS: Record<TicketState, string> = {
  waiting: 'gold',
  called: 'blue',
  serving: 'cyan',
  done: 'green',
  no_show: 'red',
  redirected: 'purple',
};

export function TicketStateTag({ state }: { state: TicketState }) {
  const { t } = useTranslation();
  return <Tag color={COLORS[state]}>{t(`queue.tickets.states.${state}`)}</Tag>;
}
