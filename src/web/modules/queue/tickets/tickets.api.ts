import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { QueueTicket, TicketState } from '../../../../shared/schemas/queue.js';
import { api } from '../../../http/client.js';

export interface TicketFilter {
  /** YYYY-MM-DD; none: today in the enterprise's time zone (the server knows it). */
  day?: string;
  serviceId?: number;
  state?: TicketState;
}

export const ticketKeys = {
  all: ['queue', 'tickets'],
  list: (filter: TicketFilter) => ['queue', 'tickets', filter],
} as const;

export function useQueueTickets(filter: TicketFilter) {
  return useQuery({
    queryKey: ticketKeys.list(filter),
    queryFn: () => {
      const params = new URLSearchParams();
      if (filter.day) params.set('day', filter.day);
      if (filter.serviceId) params.set('serviceId', String(filter.serviceId));
      if (filter.state) params.set('state', filter.state);
      const query = params.toString();
      return api
        .get<{ items: QueueTicket[] }>(`/api/v1/queue/tickets${query ? `?${query}` : ''}`)
        .then((r) => r.items);
    },
    // A live refresh or another filter keeps the rows on screen until the new ones come.
    placeholderData: keepPreviousData,
  });
}
