import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Alert, Button, ConfigProvider, Flex, Input, Spin, Typography, theme, type ThemeConfig } from 'antd';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { DEFAULT_LOCALE, LOCALES, isLocale, localName, type Locale } from '../../../../shared/locale.js';
import type { KioskInfo, TakenTicket } from '../../../../shared/schemas/queue.js';
import { LANGUAGES } from '../../../app/i18n/languages.js';
import { useLocale } from '../../../app/i18n/use-locale.js';
import { ApiError } from '../../../http/client.js';
import { useErrorText } from '../../../http/use-api-error.js';
import { isUnauthorized, useDeviceToken, useKioskInfo, useTakeTicket } from '../device-api.js';
import { useNow } from '../use-now.js';
import { KIOSK_STYLES } from './kiosk-styles.js';

type KioskService = KioskInfo['services'][number];
type Screen =
  { step: 'services' } | { step: 'phone'; service: KioskService } | { step: 'ticket'; ticket: TakenTicket };

/** The ticket screen goes back to the start by itself after this long. */
const TICKET_SHOWN_MS = 20_000;
/** A visitor who walked away from the phone screen leaves it to the next one. */
const PHONE_IDLE_MS = 60_000;
const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '+', '0'];

/** Big controls for a touch screen, whatever the dense look of the rest of the app. */
const kioskTheme: ThemeConfig = {
  algorithm: theme.defaultAlgorithm,
  token: { fontSize: 22, fontSizeLG: 28, controlHeight: 56, controlHeightLG: 80, borderRadius: 14 },
};

/** The kiosk (no sign-in; the device token is in the address): pick a service, take a ticket. */
export function KioskPage() {
  return (
    <ConfigProvider theme={kioskTheme}>
      <style>{KIOSK_STYLES}</style>
      <div className="kq-root">
        <Kiosk />
      </div>
    </ConfigProvider>
  );
}

function Kiosk() {
  const { t, i18n } = useTranslation();
  const locale = useLocale();
  const token = useDeviceToken();
  const [params] = useSearchParams();
  const lang = params.get('lang');
  const startLocale: Locale = isLocale(lang) ? lang : DEFAULT_LOCALE;
  const info = useKioskInfo(token, locale);
  const take = useTakeTicket(token, locale);
  const [screen, setScreen] = useState<Screen>({ step: 'services' });

  // Each visitor starts in the kiosk's own language, whatever the last one chose.
  useEffect(() => {
    void i18n.changeLanguage(startLocale);
  }, [i18n, startLocale]);

  const toStart = () => {
    take.reset();
    setScreen({ step: 'services' });
    void i18n.changeLanguage(startLocale);
  };
  const takeTicket = (service: KioskService, phone: string | null) =>
    take.mutate(
      { serviceId: service.id, ...(phone && { phone }) },
      { onSuccess: (ticket) => setScreen({ step: 'ticket', ticket }) },
    );

  if (!token)
    return <FullScreenMessage title={t('queue.kiosk.noToken')} hint={t('queue.kiosk.noTokenHint')} />;
  if (isUnauthorized(info.error) || isUnauthorized(take.error))
    return (
      <FullScreenMessage title={t('queue.kiosk.invalidToken')} hint={t('queue.kiosk.invalidTokenHint')} />
    );
  if (!info.data) {
    return info.isError ? (
      <FullScreenMessage title={t('queue.kiosk.offline')} />
    ) : (
      <Flex align="center" justify="center" style={{ height: '100%' }}>
        <Spin size="large" />
      </Flex>
    );
  }

  return (
    <Flex vertical style={{ height: '100%' }}>
      <header className="kq-header">
        <Typography.Title level={1} style={{ margin: 0, fontSize: 48 }}>
          {t('queue.kiosk.title')}
        </Typography.Title>
        {screen.step !== 'ticket' && <LanguageButtons />}
      </header>
      <main className="kq-main">
        {screen.step === 'services' && (
          <ServiceButtons
            services={info.data.services}
            onPick={(service) => setScreen({ step: 'phone', service })}
          />
        )}
        {screen.step === 'phone' && (
          <PhoneStep
            key={screen.service.id}
            serviceName={localName(screen.service, locale)}
            pending={take.isPending}
            error={take.error}
            onTake={(phone) => takeTicket(screen.service, phone)}
            onBack={() => {
              take.reset();
              setScreen({ step: 'services' });
            }}
            onIdle={toStart}
          />
        )}
        {screen.step === 'ticket' && <TicketStep ticket={screen.ticket} onDone={toStart} />}
      </main>
      {info.isError && (
        <Typography.Text type="warning" className="kq-offline">
          {t('queue.kiosk.offline')}
        </Typography.Text>
      )}
    </Flex>
  );
}

function FullScreenMessage({ title, hint }: { title: string; hint?: string }) {
  return (
    <Flex
      vertical
      align="center"
      justify="center"
      gap={24}
      style={{ height: '100%', padding: 48 }}
      role="alert"
    >
      <Typography.Title level={1} style={{ margin: 0, fontSize: 56, textAlign: 'center' }}>
        {title}
      </Typography.Title>
      {hint && (
        <Typography.Paragraph style={{ fontSize: 28, textAlign: 'center', maxWidth: 1000 }}>
          {hint}
        </Typography.Paragraph>
      )}
    </Flex>
  );
}

function LanguageButtons() {
  const { t, i18n } = useTranslation();
  const locale = useLocale();
  return (
    <Flex gap={12} role="group" aria-label={t('queue.kiosk.language')}>
      {LOCALES.map((l) => (
        <Button
          key={l}
          size="large"
          lang={l}
          type={l === locale ? 'primary' : 'default'}
          aria-pressed={l === locale}
          onClick={() => void i18n.changeLanguage(l)}
        >
          {LANGUAGES[l].name}
        </Button>
      ))}
    </Flex>
  );
}

/** One big button per service: its name (the button's name) and how many wait. */
function ServiceButtons({
  services,
  onPick,
}: {
  services: KioskService[];
  onPick: (s: KioskService) => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (services.length === 0)
    return (
      <Typography.Title level={2} style={{ textAlign: 'center' }}>
        {t('queue.kiosk.noServices')}
      </Typography.Title>
    );
  return (
    <Flex vertical gap={24} style={{ height: '100%', minHeight: 0 }}>
      <Typography.Title level={2} style={{ margin: 0, textAlign: 'center', fontSize: 40 }}>
        {t('queue.kiosk.chooseService')}
      </Typography.Title>
      <div className="kq-services">
        {services.map((s) => {
          const name = localName(s, locale);
          return (
            <Button
              key={s.id}
              type="primary"
              className="kq-service"
              aria-label={name}
              aria-describedby={`kq-waiting-${s.id}`}
              onClick={() => onPick(s)}
            >
              <span className="kq-service-name">{name}</span>
              <span id={`kq-waiting-${s.id}`} className="kq-service-waiting">
                {t('queue.kiosk.waiting', { count: s.waiting })}
              </span>
            </Button>
          );
        })}
      </div>
    </Flex>
  );
}

/** Calls `callback` once `ms` after the last change of `key` (the latest callback each time). */
function useTimeout(callback: () => void, ms: number, key: unknown) {
  const ref = useRef(callback);
  useEffect(() => {
    ref.current = callback;
  }, [callback]);
  useEffect(() => {
    const timer = setTimeout(() => ref.current(), ms);
    return () => clearTimeout(timer);
  }, [ms, key]);
}

interface PhoneStepProps {
  serviceName: string;
  pending: boolean;
  error: Error | null;
  onTake: (phone: string | null) => void;
  onBack: () => void;
  onIdle: () => void;
}

/** The optional phone number (it links the ticket to the client), typed or pressed on the keypad. */
function PhoneStep({ serviceName, pending, error, onTake, onBack, onIdle }: PhoneStepProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [phone, setPhone] = useState('');
  useTimeout(onIdle, PHONE_IDLE_MS, phone);
  const type = (value: string) => setPhone(value.replace(/[^\d+()\- ]/g, '').slice(0, 24));
  const fieldError =
    error instanceof ApiError ? error.fields.find((f) => f.path === 'phone')?.message || null : null;
  const otherError =
    error && !fieldError
      ? error instanceof ApiError && error.status === 429
        ? t('queue.kiosk.tooMany')
        : errorText(error)
      : null;
  const hasDigits = /\d/.test(phone);

  return (
    <Flex vertical align="center" gap={20} style={{ maxWidth: 720, margin: '0 auto', width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0, textAlign: 'center', fontSize: 38 }}>
        {t('queue.kiosk.phoneTitle')}
      </Typography.Title>
      <Typography.Text type="secondary" style={{ fontSize: 24, textAlign: 'center' }}>
        {serviceName} · {t('queue.kiosk.phoneHint')}
      </Typography.Text>
      <Flex vertical gap={6} style={{ width: '100%' }}>
        <Input
          size="large"
          aria-label={t('queue.kiosk.phone')}
          placeholder={t('queue.kiosk.phone')}
          inputMode="tel"
          autoComplete="off"
          value={phone}
          status={fieldError ? 'error' : undefined}
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={fieldError ? 'kq-phone-error' : undefined}
          style={{ fontSize: 44, height: 88, textAlign: 'center', letterSpacing: 2 }}
          onChange={(e) => type(e.target.value)}
          onPressEnter={() => !pending && hasDigits && onTake(phone.trim())}
        />
        {fieldError && (
          <Typography.Text id="kq-phone-error" type="danger" role="alert" style={{ fontSize: 24 }}>
            {fieldError}
          </Typography.Text>
        )}
      </Flex>
      <div className="kq-keypad" role="group" aria-label={t('queue.kiosk.keypad')}>
        {KEYS.map((key) => (
          <Button key={key} size="large" className="kq-key" onClick={() => type(phone + key)}>
            {key}
          </Button>
        ))}
        <Button
          size="large"
          className="kq-key"
          aria-label={t('queue.kiosk.backspace')}
          title={t('queue.kiosk.backspace')}
          disabled={!phone}
          onClick={() => setPhone((p) => p.slice(0, -1))}
        >
          ⌫
        </Button>
      </div>
      {otherError && (
        <Alert type="error" showIcon title={otherError} style={{ width: '100%', fontSize: 24 }} />
      )}
      <Flex gap={16} style={{ width: '100%' }}>
        <Button size="large" className="kq-action" onClick={onBack} disabled={pending}>
          {t('queue.kiosk.back')}
        </Button>
        <Button size="large" className="kq-action" onClick={() => onTake(null)} disabled={pending}>
          {t('queue.kiosk.withoutPhone')}
        </Button>
        <Button
          type="primary"
          size="large"
          className="kq-action"
          disabled={!hasDigits}
          loading={pending}
          onClick={() => onTake(phone.trim())}
        >
          {t('queue.kiosk.take')}
        </Button>
      </Flex>
    </Flex>
  );
}

/** The ticket: printable, and gone by itself after a while. */
function TicketStep({ ticket, onDone }: { ticket: TakenTicket; onDone: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [shownAt] = useState(() => Date.now());
  const now = useNow(1000);
  useTimeout(onDone, TICKET_SHOWN_MS, ticket.id);
  const secondsLeft = Math.max(0, Math.ceil((shownAt + TICKET_SHOWN_MS - now) / 1000));
  const issued = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' }).format(
    new Date(ticket.issuedAt),
  );
  return (
    <Flex vertical align="center" gap={24}>
      <section className="kq-ticket" role="region" aria-label={t('queue.kiosk.ticket')}>
        <Line className="kq-ticket-label">{t('queue.kiosk.ticket')}</Line>
        <div className="kq-code">{ticket.code}</div>
        <Line className="kq-ticket-service">{localName(ticket.service, locale)}</Line>
        <Line>{t('queue.kiosk.issuedAt', { time: issued })}</Line>
        <Line strong>{t('queue.kiosk.ahead', { count: ticket.ahead })}</Line>
        <Line>{t('queue.kiosk.waitForCall')}</Line>
      </section>
      <Flex gap={16}>
        <Button size="large" className="kq-action" onClick={() => window.print()}>
          {t('queue.kiosk.print')}
        </Button>
        <Button type="primary" size="large" className="kq-action" onClick={onDone}>
          {t('queue.kiosk.done')}
        </Button>
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 22 }}>
        {t('queue.kiosk.autoBack', { seconds: secondsLeft })}
      </Typography.Text>
    </Flex>
  );
}

function Line({
  children,
  className,
  strong,
}: {
  children: ReactNode;
  className?: string;
  strong?: boolean;
}) {
  return (
    <div
      className={`kq-line${className ? ` ${className}` : ''}`}
      style={strong ? { fontWeight: 600 } : undefined}
    >
      {children}
    </div>
  );
}
