import { useMemo } from 'react';
import { useSearchParams } from 'react-router';

/**
 * A list's filter kept in the URL (so a filtered list can be shared): the values of `keys` that
 * are set, and a setter where null or '' removes a key. The URL is replaced, not pushed.
 */
export function useUrlFilter<K extends string>(
  keys: readonly K[],
): [Partial<Record<K, string>>, (changes: Partial<Record<K, string | null>>) => void] {
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  const filter = useMemo(() => {
    const current = new URLSearchParams(search);
    const out: Partial<Record<K, string>> = {};
    for (const k of keys) {
      const v = current.get(k);
      if (v) out[k] = v;
    }
    return out;
  }, [search, keys]);
  const update = (changes: Partial<Record<K, string | null>>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (typeof v === 'string' && v) next.set(k, v);
          else next.delete(k);
        }
        return next;
      },
      { replace: true },
    );
  return [filter, update];
}
