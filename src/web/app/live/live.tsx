import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { LiveMessage } from '../../../shared/schemas/live.js';

export type LiveType = LiveMessage['type'];
export type LiveMessageOf<T extends LiveType> = Extract<LiveMessage, { type: T }>;

const LIVE_URL = '/api/v1/live';
/** Every message type the server sends; a Record, so a type added to the schema must be added here. */
const LIVE_TYPES = Object.keys({
  'call.incoming': true,
  'call.finished': true,
  'notification.new': true,
  'notifications.read': true,
  'docs.changed': true,
  'queue.changed': true,
} satisfies Record<LiveType, true>) as LiveType[];
/** EventSource retries dropped connections itself but gives up on an error status (a restart, a 502). */
const REOPEN_AFTER_MS = 10_000;

type Listener = (message: LiveMessage) => void;

/** Who listens to what in this tab; the one connection hands each message to its type's listeners. */
class LiveHub {
  private readonly listeners = new Map<LiveType, Set<Listener>>();
  private readonly reconnectListeners = new Set<() => void>();

  subscribe(types: readonly LiveType[], listener: Listener): () => void {
    for (const type of types) {
      let set = this.listeners.get(type);
      if (!set) this.listeners.set(type, (set = new Set()));
      set.add(listener);
    }
    return () => {
      for (const type of types) this.listeners.get(type)?.delete(listener);
    };
  }

  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => void this.reconnectListeners.delete(listener);
  }

  dispatch(message: LiveMessage): void {
    for (const listener of this.listeners.get(message.type) ?? []) listener(message);
  }

  reconnected(): void {
    for (const listener of this.reconnectListeners) listener();
  }
}

const LiveContext = createContext<LiveHub | null>(null);

/**
 * The tab's one connection to `GET /api/v1/live` (Server-Sent Events, the session cookie), mounted
 * in the signed-in layout; components subscribe to message types with `useLive`.
 */
export function LiveProvider({ children }: { children: ReactNode }) {
  const [hub] = useState(() => new LiveHub());

  useEffect(() => {
    let source: EventSource | null = null;
    let reopen: ReturnType<typeof setTimeout> | undefined;
    let opened = false;
    const receive = (e: MessageEvent<string>) => {
      let message: LiveMessage;
      try {
        message = JSON.parse(e.data) as LiveMessage;
      } catch {
        return; // a broken message has nothing to show
      }
      hub.dispatch(message);
    };
    const open = () => {
      source = new EventSource(LIVE_URL);
      for (const type of LIVE_TYPES) source.addEventListener(type, receive);
      // Messages sent while the connection was down are lost: listeners catch up through the API.
      source.onopen = () => {
        if (opened) hub.reconnected();
        opened = true;
      };
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
  }, [hub]);

  return <LiveContext.Provider value={hub}>{children}</LiveContext.Provider>;
}

function useHub(): LiveHub {
  const hub = useContext(LiveContext);
  if (!hub) throw new Error('live messages are only for components inside LiveProvider');
  return hub;
}

/** Calls `onMessage` with every pushed message of the given types (the latest `onMessage` each time). */
export function useLive<T extends LiveType>(
  types: T | readonly T[],
  onMessage: (message: LiveMessageOf<T>) => void,
): void {
  const hub = useHub();
  const handler = useRef(onMessage);
  useEffect(() => {
    handler.current = onMessage;
  }, [onMessage]);
  const key = (typeof types === 'string' ? [types] : types).join(',');
  useEffect(
    () => hub.subscribe(key.split(',') as T[], (m) => handler.current(m as LiveMessageOf<T>)),
    [hub, key],
  );
}

/** Calls `onReconnect` when the connection comes back after a drop (messages may have been missed). */
export function useLiveReconnect(onReconnect: () => void): void {
  const hub = useHub();
  const handler = useRef(onReconnect);
  useEffect(() => {
    handler.current = onReconnect;
  }, [onReconnect]);
  useEffect(() => hub.onReconnect(() => handler.current()), [hub]);
}
