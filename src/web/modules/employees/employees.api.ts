import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateEmployee, Employee, UpdateEmployee } from '../../../shared/schemas/employees.js';
import { api } from '../../http/client.js';
import { queryKeys } from '../../http/query-keys.js';

export function useEmployees() {
  return useQuery({ queryKey: queryKeys.employees, queryFn: () => api.get<Employee[]>('/api/v1/employees') });
}

/** Creates an employee when `id` is null, else changes that one. */
export function useSaveEmployee(id: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateEmployee | UpdateEmployee) =>
      id === null
        ? api.post<Employee>('/api/v1/employees', body)
        : api.patch<Employee>(`/api/v1/employees/${id}`, body),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: queryKeys.employees }),
        client.invalidateQueries({ queryKey: queryKeys.users }),
      ]),
  });
}

export function useDeleteEmployee() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete<{ ok: true }>(`/api/v1/employees/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.employees }),
  });
}
