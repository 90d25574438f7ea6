import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CreateWebhookRequest,
  DeliveryStatus,
  UpdateWebhookRequest,
  Webhook,
  WebhookDelivery,
  webhookDeliveryPage,
  webhookWithSecret,
} from '../../../shared/schemas/webhooks.js';
import { api } from '../../http/client.js';

export type WebhookWithSecret = z.infer<typeof webhookWithSecret>;
type DeliveryPage = z.infer<typeof webhookDeliveryPage>;

const BASE = '/api/v1/admin/webhooks';
const PAGE_SIZE = 50;
/** While deliveries wait or retry, the counts and statuses are looked at again. */
const POLL_MS = 5_000;

export const webhookKeys = {
  all: ['webhooks'],
  list: ['webhooks', 'list'],
  deliveries: (id: number, status: DeliveryStatus | null) => ['webhooks', id, 'deliveries', status],
} as const;

export function useWebhooks() {
  return useQuery({
    queryKey: webhookKeys.list,
    queryFn: () => api.get<{ items: Webhook[] }>(BASE).then((r) => r.items),
    refetchInterval: (query) => (query.state.data?.some((w) => w.pending > 0) ? POLL_MS : false),
  });
}

function useInvalidateWebhooks() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: webhookKeys.all });
}

/** Creates a webhook (`id` null: the answer holds the secret, shown once) or changes one. */
export function useSaveWebhook(id: number | null) {
  const onSuccess = useInvalidateWebhooks();
  return useMutation({
    mutationFn: (body: CreateWebhookRequest | UpdateWebhookRequest) =>
      id === null
        ? api.post<WebhookWithSecret>(BASE, body)
        : api.patch<WebhookWithSecret>(`${BASE}/${id}`, body),
    onSuccess,
  });
}

/** A new secret, made by the server and shown once; the old one stops signing at once. */
export function useRotateWebhookSecret() {
  const onSuccess = useInvalidateWebhooks();
  return useMutation({
    mutationFn: (id: number) => api.patch<WebhookWithSecret>(`${BASE}/${id}`, { rotateSecret: true }),
    onSuccess,
  });
}

export function useDeleteWebhook() {
  const onSuccess = useInvalidateWebhooks();
  return useMutation({
    mutationFn: (id: number) => api.delete<unknown>(`${BASE}/${id}`),
    onSuccess,
  });
}

export function useWebhookDeliveries(id: number, status: DeliveryStatus | null) {
  const query = useInfiniteQuery({
    queryKey: webhookKeys.deliveries(id, status),
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (status) params.set('status', status);
      if (pageParam) params.set('cursor', pageParam);
      return api.get<DeliveryPage>(`${BASE}/${id}/deliveries?${params.toString()}`);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: (q) =>
      q.state.data?.pages.some((p) => p.items.some((d) => d.status === 'pending' || d.status === 'sending'))
        ? POLL_MS
        : false,
  });
  return { ...query, items: query.data?.pages.flatMap((p) => p.items) ?? [] };
}

/** «Отправить повторно»: the delivery is queued again. */
export function useRedeliver(id: number) {
  const onSuccess = useInvalidateWebhooks();
  return useMutation({
    mutationFn: (delivery: WebhookDelivery) =>
      api.post<unknown>(`${BASE}/${id}/deliveries/${delivery.id}/redeliver`),
    onSuccess,
  });
}

/** «Проверить»: a ping event is delivered like any other and shows among the deliveries. */
export function usePingWebhook() {
  const onSuccess = useInvalidateWebhooks();
  return useMutation({
    mutationFn: (id: number) => api.post<unknown>(`${BASE}/${id}/ping`),
    onSuccess,
  });
}
