import { Tag, Tooltip, theme } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CallDirection, CallDisposition } from '../../../shared/schemas/telephony.js';

/** An arrow in for incoming calls, out for outgoing ones; red when nobody answered. */
export function DirectionIcon({
  direction,
  disposition,
}: {
  direction: CallDirection;
  disposition?: CallDisposition;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const missed = disposition !== undefined && disposition !== 'answered';
  const Icon = direction === 'in' ? ArrowDownOutlined : ArrowUpOutlined;
  const label = t(`telephony.directions.${direction}`);
  return (
    <Tooltip title={label}>
      <Icon role="img" aria-label={label} style={{ color: missed ? token.colorError : token.colorSuccess }} />
    </Tooltip>
  );
}

const DISPOSITION_COLORS: Record<CallDisposition, string> = {
  answered: 'success',
  no_answer: 'warning',
  busy: 'warning',
  failed: 'error',
  congestion: 'error',
};

export function DispositionTag({ disposition }: { disposition: CallDisposition }) {
  const { t } = useTranslation();
  return <Tag color={DISPOSITION_COLORS[disposition]}>{t(`telephony.dispositions.${disposition}`)}</Tag>;
}

/** Seconds as «2 мин 5 с» in the UI language. */
export function useFormatDuration(): (seconds: number) => string {
  const { t } = useTranslation();
  return (seconds) => {
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = seconds % 60;
    if (h > 0) return t('telephony.duration.hours', { h, m });
    if (m > 0) return t('telephony.duration.minutes', { m, s });
    return t('telephony.duration.seconds', { s });
  };
}
