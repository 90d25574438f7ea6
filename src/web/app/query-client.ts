import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from '../http/client.js';
import { setSession } from '../modules/auth/session.js';

const isClientError = (e: unknown) => e instanceof ApiError && e.status >= 400 && e.status < 500;

/** The session ended (expired, revoked, signed out elsewhere): forget the user, which shows the login page. */
function onError(error: unknown): void {
  if (error instanceof ApiError && error.status === 401) setSession(queryClient, null);
}

export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // Retrying cannot fix a refused request, only a failed connection or server.
      retry: (failures, error) => !isClientError(error) && failures < 2,
    },
  },
});
