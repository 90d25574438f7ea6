import { useEffect, useRef } from 'react';
import type { LiveMessage } from '../../../shared/schemas/live.js';

const LIVE_URL = '/api/v1/live';
const LIVE_TYPES: LiveMessage['type'][] = ['call.incoming', 'call.finished'];
/** EventSource retries dropped connections itself but gives up on an error status (a restart, a 502). */
const REOPEN_AFTER_MS = 10_000;

/**
 * Calls `onMessage` with every message the server pushes to this user over `GET /api/v1/live`
 * (Server-Sent Events, the session cookie). One connection per mounted caller.
 */
export function useLiveMessages(onMessage: (message: LiveMessage) => void): void {
  const handler = useRef(onMessage);
  useEffect(() => {
    handler.current = onMessage;
  }, [onMessage]);

  useEffect(() => {
    let source: EventSource | null = null;
    let reopen: ReturnType<typeof setTimeout> | undefined;
    const receive = (e: MessageEvent<string>) => {
      let message: LiveMessage;
      try {
        message = JSON.parse(e.data) as LiveMessage;
      } catch {
        return; // a broken message has nothing to show
      }
      handler.current(message);
    };
    const open = () => {
      source = new EventSource(LIVE_URL);
      for (const type of LIVE_TYPES) source.addEventListener(type, receive);
      source.onerror = () => {
        if (source?.readyState !== EventSource.CLOSED) return;
        clearTimeout(reopen);
        reopen = setTimeout(open, REOPEN_AFTER_MS);
      };
    };
    open();
    return () => {
      clearTimeout(reopen);
      source?.close();
    };
  }, []);
}
