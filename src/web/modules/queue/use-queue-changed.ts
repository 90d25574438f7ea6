import { useCallback, useEffect, useRef } from 'react';
import { useLive, useLiveReconnect } from '../../app/live/live.js';

/** Pushes come in bursts (a kiosk queue at opening): a page reloads at most this often. */
const REFRESH_AFTER_MS = 500;

/**
 * Calls `refresh` when the queue moves: a push of 'queue.changed' about a queue `concerns` accepts
 * (an empty list names no queue: it may concern every one), or the live link back after a drop.
 * A burst of pushes makes one call, at most REFRESH_AFTER_MS after the first.
 */
export function useQueueChanged(concerns: (serviceId: number) => boolean, refresh: () => void): void {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(refresh);
  useEffect(() => {
    latest.current = refresh;
  }, [refresh]);
  const soon = useCallback(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      latest.current();
    }, REFRESH_AFTER_MS);
  }, []);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  useLive('queue.changed', (m) => {
    if (m.serviceIds.length === 0 || m.serviceIds.some(concerns)) soon();
  });
  useLiveReconnect(soon);
}
