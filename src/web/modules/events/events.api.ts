import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { CreateEvent, EventCard, EventPage, UpdateEvent } from '../../../shared/schemas/events.js';
import type {
  CalendarFeedCreated,
  CalendarFeedStatus,
  CalendarResponse,
} from '../../../shared/schemas/calendar.js';
import { api } from '../../http/client.js';
import { queryKeys } from '../../http/query-keys.js';

/** The list filter as the URL and the API both spell it (`status=planned,done&typeId=5…`). */
export type EventFilterParams = Record<string, string>;

export const PAGE_SIZE = 50;

export function useEventList(filter: EventFilterParams) {
  return useInfiniteQuery({
    queryKey: [...queryKeys.events, 'list', filter],
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ ...filter, limit: String(PAGE_SIZE) });
      if (pageParam) params.set('cursor', pageParam);
      return api.get<EventPage>(`/api/v1/events?${params.toString()}`);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useEvent(id: number) {
  return useQuery({
    queryKey: [...queryKeys.events, id],
    queryFn: () => api.get<EventCard>(`/api/v1/events/${id}`),
    enabled: Number.isSafeInteger(id) && id > 0,
  });
}

/** A saved event changes lists, the calendar, and the timelines of its client and project. */
function useRefreshAfterSave() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: queryKeys.events }),
      client.invalidateQueries({ queryKey: queryKeys.calendar }),
      client.invalidateQueries({ queryKey: queryKeys.clients }),
      client.invalidateQueries({ queryKey: queryKeys.projects }),
    ]);
}

export function useCreateEvent() {
  const refresh = useRefreshAfterSave();
  return useMutation({
    mutationFn: (body: CreateEvent) => api.post<EventCard>('/api/v1/events', body),
    onSuccess: refresh,
  });
}

export function useUpdateEvent(id: number) {
  const client = useQueryClient();
  const refresh = useRefreshAfterSave();
  return useMutation({
    mutationFn: (body: UpdateEvent) => api.patch<EventCard>(`/api/v1/events/${id}`, body),
    onSuccess: (saved) => {
      client.setQueryData([...queryKeys.events, id], saved);
      return refresh();
    },
  });
}

export function useDeleteEvent() {
  const client = useQueryClient();
  const refresh = useRefreshAfterSave();
  return useMutation({
    mutationFn: (id: number) => api.delete<{ ok: true }>(`/api/v1/events/${id}`),
    onSuccess: (_, id) => {
      client.removeQueries({ queryKey: [...queryKeys.events, id] });
      return refresh();
    },
  });
}

/** Events and task deadlines in [from, to); `userId` a user's id, 'all', or empty for the caller. */
export function useCalendar(from: string, to: string, userId: string | null) {
  return useQuery({
    queryKey: [...queryKeys.calendar, from, to, userId],
    queryFn: () => {
      const params = new URLSearchParams({ from, to });
      if (userId) params.set('userId', userId);
      return api.get<CalendarResponse>(`/api/v1/calendar?${params.toString()}`);
    },
    placeholderData: keepPreviousData,
  });
}

const FEED_KEY = [...queryKeys.calendar, 'feed'];

export function useCalendarFeed(enabled: boolean) {
  return useQuery({
    queryKey: FEED_KEY,
    queryFn: () => api.get<CalendarFeedStatus>('/api/v1/calendar/feed'),
    enabled,
  });
}

export function useCreateCalendarFeed() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<CalendarFeedCreated>('/api/v1/calendar/feed'),
    onSuccess: () => client.invalidateQueries({ queryKey: FEED_KEY }),
  });
}

export function useRevokeCalendarFeed() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete<{ ok: true }>('/api/v1/calendar/feed'),
    onSuccess: () => client.invalidateQueries({ queryKey: FEED_KEY }),
  });
}
