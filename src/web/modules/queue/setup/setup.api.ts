import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  QueueDevice,
  QueueDeviceWithToken,
  QueueService,
  QueueWindow,
  createQueueDeviceRequest,
  createQueueServiceRequest,
  createQueueWindowRequest,
  updateQueueDeviceRequest,
  updateQueueServiceRequest,
  updateQueueWindowRequest,
} from '../../../../shared/schemas/queue.js';
import { api } from '../../../http/client.js';

const BASE = '/api/v1/queue';

/** Everything of the queue sits under ['queue']: a setup change refreshes tickets and the operator panel too. */
export const queueKeys = {
  all: ['queue'],
  services: ['queue', 'services'],
  windows: ['queue', 'windows'],
  devices: ['queue', 'devices'],
} as const;

type Registry = {
  services: {
    item: QueueService;
    create: z.input<typeof createQueueServiceRequest>;
    update: z.input<typeof updateQueueServiceRequest>;
  };
  windows: {
    item: QueueWindow;
    create: z.input<typeof createQueueWindowRequest>;
    update: z.input<typeof updateQueueWindowRequest>;
  };
  devices: {
    item: QueueDevice;
    create: z.input<typeof createQueueDeviceRequest>;
    update: z.input<typeof updateQueueDeviceRequest>;
  };
};
/** The setup's lists, as their addresses under /api/v1/queue name them. */
export type QueueEntryKind = keyof Registry;

function useList<K extends QueueEntryKind>(kind: K) {
  return useQuery({
    queryKey: queueKeys[kind],
    // The registries are small: the server answers each whole, as a plain array.
    queryFn: () => api.get<Registry[K]['item'][]>(`${BASE}/${kind}`),
  });
}

export const useQueueServices = () => useList('services');
export const useQueueWindows = () => useList('windows');
export const useQueueDevices = () => useList('devices');

function useInvalidateQueue() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: queueKeys.all });
}

/** Creates (`id` null) or changes a service or a window. */
function useSave<K extends 'services' | 'windows'>(kind: K, id: number | null) {
  const onSuccess = useInvalidateQueue();
  return useMutation({
    mutationFn: (body: Registry[K]['create'] | Registry[K]['update']) =>
      id === null
        ? api.post<Registry[K]['item']>(`${BASE}/${kind}`, body)
        : api.patch<Registry[K]['item']>(`${BASE}/${kind}/${id}`, body),
    onSuccess,
  });
}

export function useSaveService(id: number | null) {
  return useSave('services', id);
}
export function useSaveWindow(id: number | null) {
  return useSave('windows', id);
}

export function useCreateDevice() {
  const onSuccess = useInvalidateQueue();
  return useMutation({
    mutationFn: (body: Registry['devices']['create']) =>
      api.post<QueueDeviceWithToken>(`${BASE}/devices`, body),
    onSuccess,
  });
}

export function useUpdateDevice() {
  const onSuccess = useInvalidateQueue();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: Registry['devices']['update'] }) =>
      api.patch<QueueDevice>(`${BASE}/devices/${id}`, body),
    onSuccess,
  });
}

/** «Новый токен»: the server makes it and answers it once; the old one stops working at once. */
export function useNewDeviceToken() {
  const onSuccess = useInvalidateQueue();
  return useMutation({
    mutationFn: (id: number) => api.post<QueueDeviceWithToken>(`${BASE}/devices/${id}/token`),
    onSuccess,
  });
}

export function useDeleteQueueEntry(kind: QueueEntryKind) {
  const onSuccess = useInvalidateQueue();
  return useMutation({
    mutationFn: (id: number) => api.delete<unknown>(`${BASE}/${kind}/${id}`),
    onSuccess,
  });
}
