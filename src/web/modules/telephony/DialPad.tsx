import { useState } from 'react';
import { App, Button, Flex, Input } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useApiError } from '../../http/use-api-error.js';
import { useOriginate } from './telephony.api.js';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

/** The panel's dial pad: type or press digits, then «Позвонить» (Enter) places the call. */
export function DialPad() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const handleError = useApiError();
  const originate = useOriginate();
  const [number, setNumber] = useState('');
  const dial = number.trim();
  const call = () => {
    if (!dial) return;
    originate.mutate(dial, {
      onSuccess: (r) => void message.success(t('telephony.callButton.calling', { number: r.number })),
      onError: (e) => handleError(e),
    });
  };
  return (
    <Flex vertical gap={8} style={{ maxWidth: 260 }}>
      <Input
        aria-label={t('telephony.panel.number')}
        placeholder={t('telephony.panel.number')}
        inputMode="tel"
        autoComplete="off"
        value={number}
        maxLength={64}
        onChange={(e) => setNumber(e.target.value)}
        onPressEnter={call}
        data-testid="dial-number"
      />
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)', gap: 6 }}>
        {KEYS.map((key) => (
          <Button key={key} onClick={() => setNumber((n) => n + key)}>
            {key}
          </Button>
        ))}
        <Button onClick={() => setNumber((n) => `${n}+`)}>+</Button>
        <Button
          aria-label={t('telephony.panel.backspace')}
          title={t('telephony.panel.backspace')}
          disabled={!number}
          onClick={() => setNumber((n) => n.slice(0, -1))}
        >
          ⌫
        </Button>
      </div>
      <Button
        type="primary"
        block
        icon={<PhoneOutlined />}
        disabled={!dial}
        loading={originate.isPending}
        onClick={call}
      >
        {t('telephony.panel.call')}
      </Button>
    </Flex>
  );
}
