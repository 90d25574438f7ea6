import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Call,
  CallPopCard,
  LinkUnknownNumber,
  UnknownNumber,
  eventCallResponse,
  originateResponse,
} from '../../../shared/schemas/telephony.js';
import { api } from '../../http/client.js';
import { queryKeys } from '../../http/query-keys.js';
import { usePaged } from '../../shared/cards/use-paged.js';

/** Telephony's query keys, all under one prefix: a finished call refreshes them together. */
export const telephonyKeys = {
  all: ['telephony'],
  mine: ['telephony', 'mine'],
  pop: (callId: number) => ['telephony', 'pop', callId],
  eventCall: (eventId: number) => ['telephony', 'event', eventId],
  unknown: ['telephony', 'unknown-numbers'],
} as const;

const RECENT_CALLS = 20;

/** The signed-in user's calls, newest first (the phone panel). */
export function useMyCalls() {
  return usePaged<Call>(telephonyKeys.mine, `/api/v1/telephony/calls/mine?limit=${RECENT_CALLS}`);
}

export function useCallPop(callId: number) {
  return useQuery({
    queryKey: telephonyKeys.pop(callId),
    queryFn: () => api.get<CallPopCard>(`/api/v1/telephony/calls/${callId}/pop`),
  });
}

export function useEventCall(eventId: number) {
  return useQuery({
    queryKey: telephonyKeys.eventCall(eventId),
    queryFn: () => api.get<z.infer<typeof eventCallResponse>>(`/api/v1/events/${eventId}/call`),
  });
}

export function useUnknownNumbers() {
  return useQuery({
    queryKey: telephonyKeys.unknown,
    queryFn: () => api.get<{ items: UnknownNumber[] }>('/api/v1/telephony/unknown-numbers'),
  });
}

/** Links a number's past calls to a client: the calls, the client's card and timeline change. */
export function useLinkUnknownNumber() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: LinkUnknownNumber) =>
      api.post<{ linkedCalls: number }>('/api/v1/telephony/unknown-numbers/link', body),
    onSuccess: () =>
      Promise.all(
        [telephonyKeys.all, queryKeys.clients, queryKeys.events].map((queryKey) =>
          client.invalidateQueries({ queryKey }),
        ),
      ),
  });
}

/** Click-to-call: the PBX rings the user's own phone, then dials the number. */
export function useOriginate() {
  return useMutation({
    mutationFn: (number: string) =>
      api.post<z.infer<typeof originateResponse>>('/api/v1/telephony/originate', { number }),
  });
}
