import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateUser, UpdateUser, User } from '../../../shared/schemas/users.js';
import { api } from '../../http/client.js';
import { queryKeys } from '../../http/query-keys.js';

export function useUsers() {
  return useQuery({ queryKey: queryKeys.users, queryFn: () => api.get<User[]>('/api/v1/users') });
}

/** Creates a user when `id` is null, else changes that one. */
export function useSaveUser(id: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateUser | UpdateUser) =>
      id === null ? api.post<User>('/api/v1/users', body) : api.patch<User>(`/api/v1/users/${id}`, body),
    // Employees list their users, roles count theirs, and the administrator may have changed themselves.
    onSuccess: () =>
      Promise.all(
        [queryKeys.users, queryKeys.employees, queryKeys.roles, queryKeys.me].map((queryKey) =>
          client.invalidateQueries({ queryKey }),
        ),
      ),
  });
}

export function useSetUserPassword(id: number) {
  return useMutation({
    mutationFn: (password: string) => api.post<{ ok: true }>(`/api/v1/users/${id}/password`, { password }),
  });
}
