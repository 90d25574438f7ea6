import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CurrentUserStatus,
  EventType,
  HistoryMatrix,
  Journal,
  TaskStatus,
  UserCurrentStatusRow,
  UserStatus,
  createEventTypeRequest,
  createJournalRequest,
  createTaskStatusRequest,
  createUserStatusRequest,
  updateHistoryRequest,
} from '../../../../shared/schemas/reference-books.js';
import { api } from '../../../http/client.js';

/** The books and their API paths under /api/v1/settings. */
export interface Books {
  'event-types': { entry: EventType; create: z.input<typeof createEventTypeRequest> };
  'task-statuses': { entry: TaskStatus; create: z.input<typeof createTaskStatusRequest> };
  'user-statuses': { entry: UserStatus; create: z.input<typeof createUserStatusRequest> };
  journals: { entry: Journal; create: z.input<typeof createJournalRequest> };
}
export type BookPath = keyof Books;

export const booksQueryKeys = {
  all: ['settings-books'],
  book: (path: BookPath) => ['settings-books', path],
  history: ['settings-books', 'history'],
  myStatus: ['settings-books', 'my-status'],
  currentStatuses: ['settings-books', 'current-statuses'],
} as const;

export function useBook<P extends BookPath>(path: P) {
  return useQuery({
    queryKey: booksQueryKeys.book(path),
    queryFn: () => api.get<Books[P]['entry'][]>(`/api/v1/settings/${path}`),
  });
}

/** Any change may show in another book (statuses in the current-status list), so all refresh. */
function useInvalidateBooks() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: booksQueryKeys.all });
}

/** Creates an entry when `id` is null, else changes that one (the body then holds only what may change). */
export function useSaveBookEntry<P extends BookPath>(path: P, id: number | null) {
  const onSuccess = useInvalidateBooks();
  return useMutation({
    mutationFn: (body: Partial<Books[P]['create']>) =>
      id === null
        ? api.post<Books[P]['entry']>(`/api/v1/settings/${path}`, body)
        : api.patch<Books[P]['entry']>(`/api/v1/settings/${path}/${id}`, body),
    onSuccess,
  });
}

export function useDeleteBookEntry(path: BookPath) {
  const onSuccess = useInvalidateBooks();
  return useMutation({
    mutationFn: (id: number) => api.delete<{ ok: true }>(`/api/v1/settings/${path}/${id}`),
    onSuccess,
  });
}

export function useHistorySettings() {
  return useQuery({
    queryKey: booksQueryKeys.history,
    queryFn: () => api.get<HistoryMatrix>('/api/v1/settings/history'),
  });
}

export function useUpdateHistorySettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof updateHistoryRequest>) =>
      api.put<HistoryMatrix>('/api/v1/settings/history', body),
    onSuccess: (matrix) => client.setQueryData(booksQueryKeys.history, matrix),
  });
}

export function useMyStatus() {
  return useQuery({
    queryKey: booksQueryKeys.myStatus,
    queryFn: () => api.get<CurrentUserStatus>('/api/v1/me/status'),
  });
}

export function useSetMyStatus() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (statusId: number) => api.put<CurrentUserStatus>('/api/v1/me/status', { statusId }),
    onSuccess: (current) => {
      client.setQueryData(booksQueryKeys.myStatus, current);
      return client.invalidateQueries({ queryKey: booksQueryKeys.currentStatuses });
    },
  });
}

/** Administrators only. */
export function useCurrentStatuses(enabled: boolean) {
  return useQuery({
    queryKey: booksQueryKeys.currentStatuses,
    queryFn: () => api.get<UserCurrentStatusRow[]>('/api/v1/settings/user-statuses/current'),
    enabled,
  });
}

/** Changes one entry from a list row (the active switch). */
export function usePatchBookEntry<P extends BookPath>(path: P) {
  const onSuccess = useInvalidateBooks();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: Partial<Books[P]['create']> }) =>
      api.patch<Books[P]['entry']>(`/api/v1/settings/${path}/${id}`, body),
    onSuccess,
  });
}
