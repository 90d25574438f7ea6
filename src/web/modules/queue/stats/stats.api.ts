import { keepPreviousData, skipToken, useQuery } from '@tanstack/react-query';
import type { QueueStats, QueueStatsQuery } from '../../../../shared/schemas/queue.js';
import { api } from '../../../http/client.js';

const BASE = '/api/v1/queue/stats';

/** The query string of a statistics request (the CSV link takes the same one). */
export function statsQuery(query: QueueStatsQuery): string {
  const params = new URLSearchParams({ from: query.from, to: query.to });
  if (query.serviceId) params.set('serviceId', String(query.serviceId));
  if (query.operatorId) params.set('operatorId', String(query.operatorId));
  return params.toString();
}

export const statsCsvUrl = (query: QueueStatsQuery) => `${BASE}.csv?${statsQuery(query)}`;

/** A period's statistics; null: the period is not known yet (nothing is asked). */
export function useQueueStats(query: QueueStatsQuery | null) {
  return useQuery({
    queryKey: ['queue', 'stats', query],
    queryFn: query ? () => api.get<QueueStats>(`${BASE}?${statsQuery(query)}`) : skipToken,
    placeholderData: keepPreviousData,
  });
}
