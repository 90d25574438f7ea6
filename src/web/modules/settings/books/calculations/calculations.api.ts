import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Calculation,
  CalculationError,
  CalculationVersion,
  DryRunResult,
  createCalculationRequest,
  dryRunRequest,
  updateCalculationRequest,
} from '../../../../../shared/schemas/calculations.js';
import { api } from '../../../../http/client.js';

const BASE = '/api/v1/calculations';

export const calcQueryKeys = {
  all: ['calculations'],
  list: ['calculations', 'list'],
  one: (id: number) => ['calculations', id],
  versions: (id: number) => ['calculations', id, 'versions'],
  errors: (id: number) => ['calculations', id, 'errors'],
} as const;

export type CreateCalculation = z.input<typeof createCalculationRequest>;
export type UpdateCalculation = z.input<typeof updateCalculationRequest>;
export type DryRun = z.input<typeof dryRunRequest>;

export function useCalculations() {
  return useQuery({
    queryKey: calcQueryKeys.list,
    queryFn: () => api.get<{ items: Calculation[] }>(BASE).then((r) => r.items),
  });
}

export function useCalculation(id: number) {
  return useQuery({
    queryKey: calcQueryKeys.one(id),
    queryFn: () => api.get<Calculation>(`${BASE}/${id}`),
  });
}

export function useCalculationVersions(id: number) {
  return useQuery({
    queryKey: calcQueryKeys.versions(id),
    queryFn: () => api.get<{ items: CalculationVersion[] }>(`${BASE}/${id}/versions`).then((r) => r.items),
  });
}

export function useCalculationErrors(id: number) {
  return useQuery({
    queryKey: calcQueryKeys.errors(id),
    queryFn: () => api.get<{ items: CalculationError[] }>(`${BASE}/${id}/errors`).then((r) => r.items),
  });
}

/** A changed calculation: its own cache gets the answer; the list, versions and errors refresh. */
function useStoreCalculation() {
  const client = useQueryClient();
  return (calc: Calculation) => {
    client.setQueryData(calcQueryKeys.one(calc.id), calc);
    return client.invalidateQueries({
      queryKey: calcQueryKeys.all,
      predicate: (q) => q.queryKey[1] !== calc.id || q.queryKey.length > 2,
    });
  };
}

export function useCreateCalculation() {
  const store = useStoreCalculation();
  return useMutation({
    mutationFn: (body: CreateCalculation) => api.post<Calculation>(BASE, body),
    onSuccess: store,
  });
}

export function useUpdateCalculation() {
  const store = useStoreCalculation();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: UpdateCalculation }) =>
      api.patch<Calculation>(`${BASE}/${id}`, body),
    onSuccess: store,
  });
}

export function useRollbackCalculation(id: number) {
  const store = useStoreCalculation();
  return useMutation({
    mutationFn: (version: number) => api.post<Calculation>(`${BASE}/${id}/rollback`, { version }),
    onSuccess: store,
  });
}

export function useDeleteCalculation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete<unknown>(`${BASE}/${id}`),
    onSuccess: (_, id) => {
      client.removeQueries({ queryKey: calcQueryKeys.one(id) });
      return client.invalidateQueries({ queryKey: calcQueryKeys.list });
    },
  });
}

/** Runs a script against a document without writing anything. */
export function useDryRun() {
  return useMutation({
    mutationFn: (body: DryRun) => api.post<DryRunResult>(`${BASE}/dry-run`, body),
  });
}
