import { useEffect, useMemo, useRef, useState } from 'react';
import { Button, Spin } from 'antd';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { DEFAULT_LOCALE, isLocale, localName, type Locale } from '../../../../shared/locale.js';
import type { BoardState, BoardTicket } from '../../../../shared/schemas/queue.js';
import { boardStreamUrl, isUnauthorized, useBoardState, useDeviceToken } from '../device-api.js';
import { useNow } from '../use-now.js';
import { BOARD_STYLES } from './board-styles.js';
import { canChime, dingDong, DING_DONG_MS, speak, spokenCode, unlockAudio } from './chime.js';

/** As many rows as stay readable from across a hall on a 16:9 screen. */
const MAX_ROWS = 6;
/** A new call blinks this long. */
const FLASH_MS = 10_000;
/** EventSource retries a dropped connection itself but gives up on an error status (a restart, a 502). */
const REOPEN_AFTER_MS = 10_000;

/** The display board for a big screen (no sign-in; the device token is in the address). */
export function BoardPage() {
  const [params] = useSearchParams();
  const lang = params.get('lang');
  const locale: Locale = isLocale(lang) ? lang : DEFAULT_LOCALE;
  return (
    <div className="qb-root" lang={locale}>
      <style>{BOARD_STYLES}</style>
      <Board locale={locale} chime={params.get('chime') !== '0'} />
    </div>
  );
}

function Board({ locale, chime }: { locale: Locale; chime: boolean }) {
  const { t } = useTranslation(undefined, { lng: locale });
  const token = useDeviceToken();
  const board = useBoardState(token, locale);
  const unauthorized = isUnauthorized(board.error);
  const [online, setOnline] = useState(true);
  const flashing = useFlashing();
  const [audio, setAudio] = useState<AudioContext | null>(null);

  const refetch = board.refetch;
  const onCalled = (ticket: BoardTicket | undefined) => {
    void refetch();
    if (!ticket) return;
    flashing.flash(ticket.id);
    if (!audio) return;
    dingDong(audio);
    const text = t('queue.board.speech', { code: spokenCode(ticket.code), window: ticket.windowName ?? '' });
    setTimeout(() => speak(text, locale), DING_DONG_MS);
  };
  useBoardStream(token !== null && !unauthorized ? token : null, {
    onCalled,
    onChanged: () => void refetch(),
    onOnline: setOnline,
  });

  if (!token) return <Message title={t('queue.board.noToken')} hint={t('queue.board.noTokenHint')} />;
  if (unauthorized)
    return <Message title={t('queue.board.invalidToken')} hint={t('queue.board.invalidTokenHint')} />;

  return (
    <>
      <header className="qb-header">
        <span className="qb-title">{t('queue.board.title')}</span>
        {(!online || (board.isError && board.data)) && (
          <span className="qb-offline" role="status">
            {t('queue.board.offline')}
          </span>
        )}
        {chime && !audio && canChime() && (
          <Button
            size="small"
            ghost
            onClick={() =>
              void unlockAudio().then((context) => {
                if (!context) return;
                setAudio(context);
                dingDong(context);
              })
            }
          >
            {t('queue.board.enableSound')}
          </Button>
        )}
        <Clock locale={locale} />
      </header>
      {board.data ? (
        <Called state={board.data} flashing={flashing.ids} locale={locale} />
      ) : board.isError ? (
        <Message title={t('queue.board.offline')} />
      ) : (
        <Spin size="large" style={{ margin: 'auto' }} />
      )}
    </>
  );
}

/** The last called tickets, newest first, then the waiting counts per service. */
function Called({
  state,
  flashing,
  locale,
}: {
  state: BoardState;
  flashing: ReadonlySet<number>;
  locale: Locale;
}) {
  const { t } = useTranslation(undefined, { lng: locale });
  const rows = state.called.slice(0, MAX_ROWS);
  return (
    <>
      <main className="qb-main">
        <div role="table" aria-label={t('queue.board.table')}>
          <div role="rowgroup">
            <div role="row" className="qb-row qb-head">
              <span role="columnheader">{t('queue.board.ticket')}</span>
              <span className="qb-arrow" aria-hidden="true" />
              <span role="columnheader" className="qb-window">
                {t('queue.board.window')}
              </span>
            </div>
          </div>
          <div role="rowgroup">
            {rows.map((ticket) => {
              const classes = ['qb-row'];
              if (ticket.state === 'called') classes.push('qb-current');
              if (flashing.has(ticket.id)) classes.push('qb-flash');
              return (
                <div role="row" key={ticket.id} className={classes.join(' ')}>
                  <span role="cell">{ticket.code}</span>
                  <span className="qb-arrow" aria-hidden="true">
                    →
                  </span>
                  <span role="cell" className="qb-window">
                    {ticket.windowName ?? t('common.none')}
                  </span>
                </div>
              );
            })}
          </div>
        </div>
        {rows.length === 0 && <div className="qb-empty">{t('queue.board.empty')}</div>}
      </main>
      {state.services.length > 0 && (
        <footer className="qb-footer">
          <span className="qb-footer-label">{t('queue.board.waiting')}:</span>
          {state.services.map((s) => (
            <span key={s.id}>
              {localName(s, locale)}
              <span className="qb-count">{s.waiting}</span>
            </span>
          ))}
        </footer>
      )}
    </>
  );
}

function Clock({ locale }: { locale: Locale }) {
  const now = useNow(1000);
  const format = useMemo(
    () => new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }),
    [locale],
  );
  return (
    <time className="qb-clock" dateTime={new Date(now).toISOString()}>
      {format.format(now)}
    </time>
  );
}

function Message({ title, hint }: { title: string; hint?: string }) {
  return (
    <div className="qb-message" role="alert">
      <h1>{title}</h1>
      {hint && <p>{hint}</p>}
    </div>
  );
}

/** Ids of the tickets called in the last seconds; a repeat call starts the blinking again. */
function useFlashing() {
  const [ids, setIds] = useState<ReadonlySet<number>>(new Set());
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());
  useEffect(() => {
    const running = timers.current;
    return () => running.forEach((timer) => clearTimeout(timer));
  }, []);
  const flash = (id: number) => {
    clearTimeout(timers.current.get(id));
    timers.current.set(
      id,
      setTimeout(() => {
        timers.current.delete(id);
        setIds((current) => new Set([...current].filter((x) => x !== id)));
      }, FLASH_MS),
    );
    setIds((current) => new Set(current).add(id));
  };
  return { ids, flash };
}

interface StreamHandlers {
  onCalled: (ticket: BoardTicket | undefined) => void;
  onChanged: () => void;
  onOnline: (online: boolean) => void;
}

/**
 * The board's Server-Sent Events (`ticket.called`, `queue.changed`); a closed stream is opened again
 * after a pause, and whatever was missed meanwhile is fetched.
 */
function useBoardStream(token: string | null, handlers: StreamHandlers) {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    if (!token) return;
    let source: EventSource | null = null;
    let reopen: ReturnType<typeof setTimeout> | undefined;
    let opened = false;
    const open = () => {
      source = new EventSource(boardStreamUrl(token));
      source.addEventListener('ticket.called', (e: MessageEvent<string>) => {
        let ticket: BoardTicket | undefined;
        try {
          ticket = (JSON.parse(e.data) as { ticket?: BoardTicket }).ticket;
        } catch {
          ticket = undefined; // a broken message still means something was called: fetch the state
        }
        latest.current.onCalled(ticket);
      });
      source.addEventListener('queue.changed', () => latest.current.onChanged());
      source.onopen = () => {
        latest.current.onOnline(true);
        // Messages sent while the connection was down are lost: catch up through the API.
        if (opened) latest.current.onChanged();
        opened = true;
      };
      source.onerror = () => {
        latest.current.onOnline(false);
        if (source?.readyState !== EventSource.CLOSED) return;
        clearTimeout(reopen);
        reopen = setTimeout(() => {
          open();
          latest.current.onChanged();
        }, REOPEN_AFTER_MS);
      };
    };
    open();
    return () => {
      clearTimeout(reopen);
      source?.close();
    };
  }, [token]);
}
