import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CallNextResult, OperatorPanel, QueueTicket } from '../../../../shared/schemas/queue.js';
import { api } from '../../../http/client.js';

/** Under the queue's common prefix: an action here refreshes the other queue pages too. */
export const operatorKeys = {
  queue: ['queue'],
  panel: ['queue', 'operator'],
} as const;

export function useOperatorPanel() {
  return useQuery({
    queryKey: operatorKeys.panel,
    queryFn: () => api.get<OperatorPanel>('/api/v1/queue/operator'),
  });
}

function useRefreshQueue() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: operatorKeys.queue });
}

export function useSetWindow() {
  const client = useQueryClient();
  const onSettled = useRefreshQueue();
  return useMutation({
    mutationFn: (windowId: number | null) =>
      api.put<OperatorPanel>('/api/v1/queue/operator/window', { windowId }),
    // The answer is the desk as it is now: Call next is allowed (or not) at once.
    onSuccess: (panel) => client.setQueryData(operatorKeys.panel, panel),
    onSettled,
  });
}

export function useCallNext() {
  const onSettled = useRefreshQueue();
  return useMutation({
    mutationFn: () => api.post<CallNextResult>('/api/v1/queue/operator/call-next'),
    onSettled,
  });
}

export type TicketAction = 'repeat' | 'start' | 'done' | 'no-show' | 'recall';

export function useTicketAction() {
  const onSettled = useRefreshQueue();
  return useMutation({
    mutationFn: ({ id, action }: { id: number; action: TicketAction }) =>
      api.post<QueueTicket>(`/api/v1/queue/tickets/${id}/${action}`),
    onSettled,
  });
}

export function useRedirectTicket() {
  const onSettled = useRefreshQueue();
  return useMutation({
    mutationFn: ({ id, serviceId }: { id: number; serviceId: number }) =>
      api.post<QueueTicket>(`/api/v1/queue/tickets/${id}/redirect`, { serviceId }),
    onSettled,
  });
}

export function useSetTicketClient() {
  const onSettled = useRefreshQueue();
  return useMutation({
    mutationFn: ({ id, clientId }: { id: number; clientId: number | null }) =>
      api.patch<QueueTicket>(`/api/v1/queue/tickets/${id}/client`, { clientId }),
    onSettled,
  });
}
