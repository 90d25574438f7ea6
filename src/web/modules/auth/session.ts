import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Me, loginRequest, updateMeRequest } from '../../../shared/schemas/auth.js';
import { ApiError, api, setCsrfToken } from '../../http/client.js';
import { queryKeys } from '../../http/query-keys.js';

/** The signed-in user, or null when nobody is signed in. */
async function fetchMe(): Promise<Me | null> {
  let me: Me | null = null;
  try {
    me = await api.get<Me>('/api/v1/me');
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) throw e;
  }
  setCsrfToken(me?.csrfToken ?? null);
  return me;
}

/** Stores who is signed in; the CSRF token travels with it and goes on every write. */
export function setSession(client: QueryClient, me: Me | null): void {
  setCsrfToken(me?.csrfToken ?? null);
  client.setQueryData(queryKeys.me, me);
}

export function useMe() {
  return useQuery({
    queryKey: queryKeys.me,
    queryFn: fetchMe,
    staleTime: Infinity,
    retry: false,
  });
}

/** What one user loaded must not show to the next one signing in on this page. */
function forgetSessionData(client: QueryClient): void {
  client.removeQueries({ predicate: (q) => q.queryKey[0] !== queryKeys.me[0] });
}

export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof loginRequest>) => api.post<Me>('/api/v1/auth/login', body),
    onSuccess: (me) => {
      forgetSessionData(client);
      setSession(client, me);
    },
  });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ ok: true }>('/api/v1/auth/logout'),
    // Signed out either way: a failed logout (an expired session) must not keep the user in.
    onSettled: () => {
      forgetSessionData(client);
      setSession(client, null);
    },
  });
}

export function useUpdateMe() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof updateMeRequest>) => api.patch<Me>('/api/v1/me', body),
    onSuccess: (me) => {
      setSession(client, me);
      // The users list holds this user too: an administrator editing themselves must see the change.
      return client.invalidateQueries({ queryKey: queryKeys.users });
    },
  });
}

/** The user inside pages guarded by RequireAuth, where someone is known to be signed in. */
export function useSignedInUser(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useSignedInUser() is only for pages inside RequireAuth');
  return data;
}
