import { useEffect, useState } from 'react';

/** The current time (ms), renewed every `everyMs`: running timers and clocks re-render with it. */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** A span of seconds as a timer shows it: 4:05, 1:02:09. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = String(s % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** Seconds from one ISO timestamp to another (or to `now`). */
export function secondsBetween(fromIso: string, to: string | number): number {
  const end = typeof to === 'number' ? to : new Date(to).getTime();
  return (end - new Date(fromIso).getTime()) / 1000;
}
