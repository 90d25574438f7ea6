import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  NotificationPage,
  NotificationPreferences,
  NotificationRules,
  UnreadCount,
  UpdateNotificationPreferencesRequest,
  UpdateNotificationRulesRequest,
} from '../../../shared/schemas/notifications.js';
import { api } from '../../http/client.js';
import { parametersKeys } from '../settings/parameters/parameters.api.js';

export const notificationKeys = {
  all: ['notifications'],
  unread: ['notifications', 'unread-count'],
  list: (filter: { unread: boolean; limit: number }) => ['notifications', 'list', filter],
  rules: ['settings', 'notification-rules'],
  // Not under ['me']: that one key outlives a sign-out (see session.ts).
  preferences: ['notification-preferences'],
} as const;

const BASE = '/api/v1/notifications';
const RULES = '/api/v1/settings/notifications';
const PREFERENCES = '/api/v1/me/notification-preferences';

/** The bell's number; asked again when the window gets the focus back (a missed live message). */
export function useUnreadCount() {
  return useQuery({
    queryKey: notificationKeys.unread,
    queryFn: () => api.get<UnreadCount>(`${BASE}/unread-count`),
    refetchOnWindowFocus: 'always',
  });
}

/** The caller's notifications, newest first, in pages of `limit` («Показать ещё» loads the next). */
export function useNotificationList(filter: { unread: boolean; limit: number }, enabled = true) {
  const query = useInfiniteQuery({
    queryKey: notificationKeys.list(filter),
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ limit: String(filter.limit) });
      if (filter.unread) params.set('unread', 'true');
      if (pageParam) params.set('cursor', pageParam);
      return api.get<NotificationPage>(`${BASE}?${params.toString()}`);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
  });
  return { ...query, items: query.data?.pages.flatMap((p) => p.items) ?? [] };
}

/** Marks some notifications (`ids`) or all of them read; the answer is the new unread count. */
export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { ids: number[] } | { all: true }) => api.post<UnreadCount>(`${BASE}/read`, body),
    onSuccess: (count) => {
      client.setQueryData(notificationKeys.unread, count);
      return client.invalidateQueries({
        queryKey: notificationKeys.all,
        predicate: (q) => q.queryKey[1] !== notificationKeys.unread[1],
      });
    },
  });
}

export function useNotificationRules() {
  return useQuery({ queryKey: notificationKeys.rules, queryFn: () => api.get<NotificationRules>(RULES) });
}

export function useSaveNotificationRules() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateNotificationRulesRequest) => api.put<NotificationRules>(RULES, body),
    onSuccess: (saved) => {
      client.setQueryData(notificationKeys.rules, saved);
      // The log of settings changes and each user's view of the rules follow.
      return Promise.all(
        [parametersKeys.changes, notificationKeys.preferences].map((queryKey) =>
          client.invalidateQueries({ queryKey }),
        ),
      );
    },
  });
}

export function useNotificationPreferences() {
  return useQuery({
    queryKey: notificationKeys.preferences,
    queryFn: () => api.get<NotificationPreferences>(PREFERENCES),
  });
}

export function useSaveNotificationPreferences() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateNotificationPreferencesRequest) =>
      api.put<NotificationPreferences>(PREFERENCES, body),
    onSuccess: (saved) => client.setQueryData(notificationKeys.preferences, saved),
  });
}
