import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  BulkTaskStatus,
  BulkTaskStatusResult,
  CreateChecklistItem,
  CreateTask,
  Task,
  TaskBoard,
  TaskChecklistItem,
  TaskComment,
  TaskCommentPage,
  TaskPage,
  UpdateChecklistItem,
  UpdateTask,
} from '../../../shared/schemas/tasks.js';
import { api } from '../../http/client.js';
import { queryKeys } from '../../http/query-keys.js';

/** The list filter as the URL and the API both spell it (`statusId=1,2&overdue=true…`). */
export type TaskFilterParams = Record<string, string>;

const PAGE_SIZE = 50;
const keys = {
  list: (filter: TaskFilterParams) => [...queryKeys.tasks, 'list', filter],
  board: (filter: TaskFilterParams) => [...queryKeys.tasks, 'board', filter],
  one: (id: number) => [...queryKeys.tasks, id],
  comments: (id: number) => [...queryKeys.tasks, id, 'comments'],
  checklist: (id: number) => [...queryKeys.tasks, id, 'checklist'],
};

export function useTaskList(filter: TaskFilterParams) {
  return useInfiniteQuery({
    queryKey: keys.list(filter),
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ ...filter, limit: String(PAGE_SIZE) });
      if (pageParam) params.set('cursor', pageParam);
      return api.get<TaskPage>(`/api/v1/tasks?${params.toString()}`);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useTaskBoard(filter: TaskFilterParams) {
  return useQuery({
    queryKey: keys.board(filter),
    queryFn: () => api.get<TaskBoard>(`/api/v1/tasks/board?${new URLSearchParams(filter).toString()}`),
  });
}

export function useTask(id: number) {
  return useQuery({
    queryKey: keys.one(id),
    queryFn: () => api.get<Task>(`/api/v1/tasks/${id}`),
    enabled: Number.isSafeInteger(id) && id > 0,
  });
}

/** After a save: the card from the answer, every list and board refreshed (history too). */
function useSaved() {
  const client = useQueryClient();
  return (saved: Task) => {
    client.setQueryData(keys.one(saved.id), saved);
    return client.invalidateQueries({ queryKey: queryKeys.tasks });
  };
}

export function useCreateTask() {
  const saved = useSaved();
  return useMutation({
    mutationFn: (body: CreateTask) => api.post<Task>('/api/v1/tasks', body),
    onSuccess: saved,
  });
}

export function useUpdateTask(id: number) {
  const saved = useSaved();
  return useMutation({
    mutationFn: (body: UpdateTask) => api.patch<Task>(`/api/v1/tasks/${id}`, body),
    onSuccess: saved,
  });
}

export function useChangeTaskStatus() {
  const saved = useSaved();
  return useMutation({
    mutationFn: ({ id, statusId }: { id: number; statusId: number }) =>
      api.post<Task>(`/api/v1/tasks/${id}/status`, { statusId }),
    onSuccess: saved,
  });
}

/** Moves the selected tasks to one status; the tasks it may not move come back with the reason. */
export function useBulkTaskStatus() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: BulkTaskStatus) => api.post<BulkTaskStatusResult>('/api/v1/tasks/bulk-status', body),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.tasks }),
  });
}

export function useDeleteTask() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete<{ ok: true }>(`/api/v1/tasks/${id}`),
    onSuccess: (_, id) => {
      client.removeQueries({ queryKey: keys.one(id) });
      return client.invalidateQueries({ queryKey: queryKeys.tasks });
    },
  });
}

export function useTaskComments(taskId: number) {
  const query = useInfiniteQuery({
    queryKey: keys.comments(taskId),
    queryFn: ({ pageParam }) =>
      api.get<TaskCommentPage>(
        `/api/v1/tasks/${taskId}/comments?limit=${PAGE_SIZE}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  return { ...query, items: query.data?.pages.flatMap((p) => p.items) ?? [] };
}

/** Adds (`commentId` null), changes or (`body` null) deletes a comment. */
export function useSaveComment(taskId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ commentId, body }: { commentId: number | null; body: string | null }): Promise<unknown> =>
      commentId === null
        ? api.post<TaskComment>(`/api/v1/tasks/${taskId}/comments`, { body })
        : body === null
          ? api.delete<{ ok: true }>(`/api/v1/tasks/${taskId}/comments/${commentId}`)
          : api.patch<TaskComment>(`/api/v1/tasks/${taskId}/comments/${commentId}`, { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.comments(taskId) }),
  });
}

export function useChecklist(taskId: number) {
  return useQuery({
    queryKey: keys.checklist(taskId),
    queryFn: () => api.get<TaskChecklistItem[]>(`/api/v1/tasks/${taskId}/checklist`),
  });
}

/** Checklist changes refresh the list and the card (its done / total counter). */
export function useChecklistChange(taskId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (
      change:
        | { kind: 'add'; body: CreateChecklistItem }
        | { kind: 'update'; itemId: number; body: UpdateChecklistItem }
        | { kind: 'delete'; itemId: number },
    ): Promise<unknown> => {
      const base = `/api/v1/tasks/${taskId}/checklist`;
      if (change.kind === 'add') return api.post<TaskChecklistItem>(base, change.body);
      if (change.kind === 'update')
        return api.patch<TaskChecklistItem>(`${base}/${change.itemId}`, change.body);
      return api.delete<{ ok: true }>(`${base}/${change.itemId}`);
    },
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: keys.checklist(taskId) }),
        client.invalidateQueries({ queryKey: keys.one(taskId), exact: true }),
      ]),
  });
}
