import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  SystemLetterPage,
  SystemSender,
  UpdateSystemSenderRequest,
  systemLetterStatusSchema,
} from '../../../shared/schemas/system-letters.js';
import { api } from '../../http/client.js';
import { notificationKeys } from '../notifications/notifications.api.js';

export type SystemLetterStatus = z.infer<typeof systemLetterStatusSchema>;

const SENDER = '/api/v1/admin/system-sender';
const LETTERS = '/api/v1/admin/system-letters';
const PAGE_SIZE = 50;
/** While letters wait in the queue, the table is looked at again. */
const POLL_MS = 10_000;

export const systemMailKeys = {
  all: ['system-mail'],
  sender: ['system-mail', 'sender'],
  letters: (status: SystemLetterStatus | null) => ['system-mail', 'letters', status],
} as const;

/** The notification rules warn when the sender is not ready or its letters fail: they refresh too. */
const RULES_KEY = notificationKeys.rules;

export function useSystemSender() {
  return useQuery({ queryKey: systemMailKeys.sender, queryFn: () => api.get<SystemSender>(SENDER) });
}

export function useSaveSystemSender() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateSystemSenderRequest) => api.put<SystemSender>(SENDER, body),
    onSuccess: (saved) => {
      client.setQueryData(systemMailKeys.sender, saved);
      return client.invalidateQueries({ queryKey: RULES_KEY });
    },
  });
}

export function useSystemLetters(status: SystemLetterStatus | null) {
  const query = useInfiniteQuery({
    queryKey: systemMailKeys.letters(status),
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (status) params.set('status', status);
      if (pageParam) params.set('cursor', pageParam);
      return api.get<SystemLetterPage>(`${LETTERS}?${params.toString()}`);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: (q) => ((q.state.data?.pages[0]?.counts.queued ?? 0) > 0 ? POLL_MS : false),
  });
  return {
    ...query,
    items: query.data?.pages.flatMap((p) => p.items) ?? [],
    counts: query.data?.pages[0]?.counts ?? null,
  };
}

/** Puts a failed letter back in the queue. */
export function useRetrySystemLetter() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post<unknown>(`${LETTERS}/${id}/retry`),
    onSuccess: () =>
      Promise.all([systemMailKeys.all, RULES_KEY].map((queryKey) => client.invalidateQueries({ queryKey }))),
  });
}
