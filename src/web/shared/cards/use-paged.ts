import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../http/client.js';

/** Pages of a keyset list (`{ items, nextCursor }`), fetched one after another by "more". */
export function usePaged<T>(queryKey: readonly unknown[], url: string) {
  const query = useInfiniteQuery({
    queryKey: [...queryKey, url],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      api.get<{ items: T[]; nextCursor: string | null }>(
        pageParam ? `${url}${url.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(pageParam)}` : url,
      ),
    getNextPageParam: (last) => last.nextCursor,
  });
  return { ...query, items: query.data?.pages.flatMap((p) => p.items) ?? [] };
}
