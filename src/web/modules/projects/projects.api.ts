import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateProject, Project, ProjectPage, UpdateProject } from '../../../shared/schemas/projects.js';
import { api } from '../../http/client.js';
import { queryKeys } from '../../http/query-keys.js';

/** The list filter as the URL and the API both spell it (`status=active,on_hold&clientId=5…`). */
export type ProjectFilterParams = Record<string, string>;

export const PAGE_SIZE = 50;

export function useProjectList(filter: ProjectFilterParams) {
  return useInfiniteQuery({
    queryKey: [...queryKeys.projects, 'list', filter],
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ ...filter, limit: String(PAGE_SIZE) });
      if (pageParam) params.set('cursor', pageParam);
      return api.get<ProjectPage>(`/api/v1/projects?${params.toString()}`);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useProject(id: number) {
  return useQuery({
    queryKey: [...queryKeys.projects, id],
    queryFn: () => api.get<Project>(`/api/v1/projects/${id}`),
    enabled: Number.isSafeInteger(id) && id > 0,
  });
}

export function useCreateProject() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateProject) => api.post<Project>('/api/v1/projects', body),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.projects }),
  });
}

export function useUpdateProject(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateProject) => api.patch<Project>(`/api/v1/projects/${id}`, body),
    onSuccess: (saved) => {
      client.setQueryData([...queryKeys.projects, id], saved);
      return client.invalidateQueries({ queryKey: queryKeys.projects });
    },
  });
}

export function useDeleteProject() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete<{ ok: true }>(`/api/v1/projects/${id}`),
    onSuccess: (_, id) => {
      client.removeQueries({ queryKey: [...queryKeys.projects, id] });
      return client.invalidateQueries({ queryKey: queryKeys.projects });
    },
  });
}
