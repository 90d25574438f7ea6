import { App, Button } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useApiError } from '../../http/use-api-error.js';
import { useOriginate } from './telephony.api.js';

/**
 * Click-to-call: asks the PBX to ring the user's phone and dial `number`; the outcome shows as a
 * toast (the server's message when the call could not be placed).
 */
export function CallButton({ number, size = 'small' }: { number: string; size?: 'small' | 'middle' }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const handleError = useApiError();
  const originate = useOriginate();
  const label = t('telephony.callButton.label', { number });
  return (
    <Button
      type="text"
      size={size}
      icon={<PhoneOutlined />}
      aria-label={label}
      title={label}
      data-testid="call-button"
      loading={originate.isPending}
      onClick={(e) => {
        // In a table row or a list item the click must not also open the row.
        e.stopPropagation();
        originate.mutate(number, {
          onSuccess: (r) => void message.success(t('telephony.callButton.calling', { number: r.number })),
          onError: (err) => handleError(err),
        });
      }}
    />
  );
}

/** A phone number as the UI shows it: a tel: link and its call button. */
export function PhoneLink({ number, dial }: { number: string; dial?: string | null }) {
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      <a href={`tel:${dial ?? number}`}>{number}</a>
      <CallButton number={dial ?? number} />
    </span>
  );
}
