import { useMutation, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import type { Locale } from '../../../shared/locale.js';
import type { BoardState, KioskInfo, TakeTicketRequest, TakenTicket } from '../../../shared/schemas/queue.js';
import { ApiError, request } from '../../http/client.js';

/**
 * Kiosks and boards have no session: every request carries the device's token as a Bearer header.
 * The token comes from the page address (`?token=`) and stays in memory only.
 */
export function useDeviceToken(): string | null {
  const [params] = useSearchParams();
  return params.get('token') || null;
}

/** The server refused the token (unknown, switched off or replaced). */
export function isUnauthorized(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}

/** A refused token is not retried: the page says so instead. */
function retryUnlessRefused(failures: number, error: unknown): boolean {
  return !isUnauthorized(error) && failures < 2;
}

const deviceKeys = {
  kiosk: ['queue-device', 'kiosk'],
  board: ['queue-device', 'board'],
} as const;

/** The kiosk refreshes its waiting counts now and then (it has no live stream). */
const KIOSK_POLL_MS = 15_000;
/** The board lives on its stream; this only catches up should a message be lost. */
const BOARD_POLL_MS = 60_000;

export function useKioskInfo(token: string | null, language: Locale) {
  return useQuery({
    queryKey: deviceKeys.kiosk,
    queryFn: () =>
      request<KioskInfo>('GET', '/api/v1/queue/kiosk', undefined, { bearerToken: token!, language }),
    enabled: token !== null,
    retry: retryUnlessRefused,
    refetchInterval: (query) => (isUnauthorized(query.state.error) ? false : KIOSK_POLL_MS),
  });
}

export function useTakeTicket(token: string | null, language: Locale) {
  return useMutation({
    mutationFn: (body: TakeTicketRequest) =>
      request<TakenTicket>('POST', '/api/v1/queue/kiosk/tickets', body, { bearerToken: token!, language }),
  });
}

export function useBoardState(token: string | null, language: Locale) {
  return useQuery({
    queryKey: deviceKeys.board,
    queryFn: () =>
      request<BoardState>('GET', '/api/v1/queue/board', undefined, { bearerToken: token!, language }),
    enabled: token !== null,
    retry: retryUnlessRefused,
    refetchInterval: (query) => (isUnauthorized(query.state.error) ? false : BOARD_POLL_MS),
  });
}

/** EventSource cannot send headers: the board's stream takes the token in its address. */
export function boardStreamUrl(token: string): string {
  return `/api/v1/queue/board/stream?token=${encodeURIComponent(token)}`;
}
