import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ApiToken,
  changePasswordRequest,
  createApiTokenRequest,
  createdApiToken,
} from '../../../shared/schemas/auth.js';
import { api } from '../../http/client.js';
import { queryKeys } from '../../http/query-keys.js';

export type CreatedApiToken = z.infer<typeof createdApiToken>;

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: z.input<typeof changePasswordRequest>) =>
      api.post<{ ok: true }>('/api/v1/me/password', body),
  });
}

export function useApiTokens() {
  return useQuery({ queryKey: queryKeys.apiTokens, queryFn: () => api.get<ApiToken[]>('/api/v1/me/tokens') });
}

export function useCreateApiToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof createApiTokenRequest>) =>
      api.post<CreatedApiToken>('/api/v1/me/tokens', body),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.apiTokens }),
  });
}

export function useRevokeApiToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete<{ ok: true }>(`/api/v1/me/tokens/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.apiTokens }),
  });
}
