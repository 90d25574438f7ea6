import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Role, createRoleRequest, updateRoleRequest } from '../../../shared/schemas/users.js';
import { api } from '../../http/client.js';
import { queryKeys } from '../../http/query-keys.js';

export type CreateRole = z.input<typeof createRoleRequest>;
export type UpdateRole = z.input<typeof updateRoleRequest>;

export function useRoles() {
  return useQuery({ queryKey: queryKeys.roles, queryFn: () => api.get<Role[]>('/api/v1/roles') });
}

/** Users show their roles' names, so both lists refresh. */
function useInvalidateRoles() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: queryKeys.roles }),
      client.invalidateQueries({ queryKey: queryKeys.users }),
    ]);
}

/** Creates a role when `id` is null, else changes that one. */
export function useSaveRole(id: number | null) {
  const onSuccess = useInvalidateRoles();
  return useMutation({
    mutationFn: (body: CreateRole | UpdateRole) =>
      id === null ? api.post<Role>('/api/v1/roles', body) : api.patch<Role>(`/api/v1/roles/${id}`, body),
    onSuccess,
  });
}

export function useDeleteRole() {
  const onSuccess = useInvalidateRoles();
  return useMutation({
    mutationFn: (id: number) => api.delete<{ ok: true }>(`/api/v1/roles/${id}`),
    onSuccess,
  });
}
