import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CardFileSettings,
  Client,
  ClientDuplicate,
  ClientPage,
  CreateClient,
  DuplicatesRequest,
  UpdateClient,
} from '../../../shared/schemas/clients.js';
import { api } from '../../http/client.js';
import { queryKeys } from '../../http/query-keys.js';

/** The list filter as the URL and the API both spell it (`q=…&kind=person&responsibleId=3`). */
export type ClientFilterParams = Record<string, string>;

export const PAGE_SIZE = 50;

export function useClientList(filter: ClientFilterParams) {
  return useInfiniteQuery({
    queryKey: [...queryKeys.clients, 'list', filter],
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ ...filter, limit: String(PAGE_SIZE) });
      if (pageParam) params.set('cursor', pageParam);
      return api.get<ClientPage>(`/api/v1/clients?${params.toString()}`);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useClient(id: number) {
  return useQuery({
    queryKey: [...queryKeys.clients, id],
    queryFn: () => api.get<Client>(`/api/v1/clients/${id}`),
    enabled: Number.isSafeInteger(id) && id > 0,
  });
}

export function useCreateClient() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateClient) => api.post<Client>('/api/v1/clients', body),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.clients }),
  });
}

export function useUpdateClient(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateClient) => api.patch<Client>(`/api/v1/clients/${id}`, body),
    onSuccess: (saved) => {
      client.setQueryData([...queryKeys.clients, id], saved);
      return Promise.all([
        client.invalidateQueries({ queryKey: queryKeys.clients }),
        client.invalidateQueries({ queryKey: ['timeline'] }),
      ]);
    },
  });
}

export function useDeleteClient() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete<{ ok: true }>(`/api/v1/clients/${id}`),
    onSuccess: (_, id) => {
      client.removeQueries({ queryKey: [...queryKeys.clients, id] });
      return client.invalidateQueries({ queryKey: queryKeys.clients });
    },
  });
}

/** Merges client `sourceId` into client `id`; their documents move, so those lists refresh too. */
export function useMergeClients(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (sourceId: number) => api.post<Client>(`/api/v1/clients/${id}/merge`, { sourceId }),
    onSuccess: (saved) => {
      client.setQueryData([...queryKeys.clients, id], saved);
      return Promise.all(
        [queryKeys.clients, queryKeys.projects, queryKeys.events, queryKeys.tasks, ['timeline']].map(
          (queryKey) => client.invalidateQueries({ queryKey }),
        ),
      );
    },
  });
}

/** Clients sharing the tax id, a phone or an e-mail with the form being filled (none while empty). */
export function useDuplicates(request: DuplicatesRequest) {
  const empty = !request.taxId && !request.phones?.length && !request.emails?.length;
  return useQuery({
    queryKey: [...queryKeys.clients, 'duplicates', request],
    queryFn: () => api.post<ClientDuplicate[]>('/api/v1/clients/duplicates', request),
    enabled: !empty,
    staleTime: 10_000,
  });
}

export function useCardFileSettings() {
  return useQuery({
    queryKey: [...queryKeys.clients, 'settings'],
    queryFn: () => api.get<CardFileSettings>('/api/v1/settings/card-files'),
    staleTime: 5 * 60_000,
  });
}
