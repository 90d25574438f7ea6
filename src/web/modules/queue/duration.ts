const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Seconds as a stopwatch shows them (whole seconds gone by): m:ss, or h:mm:ss from an hour on;
 * null (nothing measured) as `none`.
 */
export function formatDuration(seconds: number | null, none = '—'): string {
  if (seconds === null || !Number.isFinite(seconds)) return none;
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** Seconds between two timestamps (ISO strings or epoch milliseconds), null when either is missing. */
export function secondsBetween(from: string | null, to: string | number | null): number | null {
  if (!from || to === null) return null;
  const end = typeof to === 'number' ? to : Date.parse(to);
  return (end - Date.parse(from)) / 1000;
}
