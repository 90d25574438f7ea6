/** The simulated changes as typed: empty means none; anything else must be a JSON object. */
export function parseChanges(text: string | undefined): Record<string, unknown> | null {
  const trimmed = (text ?? '').trim();
  if (trimmed === '') return {};
  try {
    const value: unknown = JSON.parse(trimmed);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** The changes with one field set (or removed when `value` is null), as compact JSON. */
export function withChange(text: string | undefined, field: string, value: unknown): string {
  const changes = { ...(parseChanges(text) ?? {}) };
  if (value === null) delete changes[field];
  else changes[field] = value;
  return Object.keys(changes).length ? JSON.stringify(changes) : '';
}
