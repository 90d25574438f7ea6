import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AccessExplanation,
  AccessSettings,
  DocAction,
  DocType,
  MyAccess,
  SubjectKind,
  UpdateAccessSettings,
} from '../../../shared/schemas/access.js';
import { api } from '../../http/client.js';

const keys = {
  all: ['access'],
  mine: ['access', 'me'],
  subject: (kind: SubjectKind, id: number) => ['access', kind, id],
  explain: (docType: DocType, id: number, userId: number | null) => [
    'access',
    'explain',
    docType,
    id,
    userId,
  ],
};

/** The caller's own effective rights: which buttons the pages offer. */
export function useMyAccess() {
  return useQuery({ queryKey: keys.mine, queryFn: () => api.get<MyAccess>('/api/v1/me/access') });
}

/**
 * Whether the caller may do this action on some documents of the type. False until the rights
 * are known, so a button never flashes up and then disappears; the server checks anyway.
 */
export function useCan(docType: DocType, action: DocAction): boolean {
  const mine = useMyAccess();
  if (!mine.data) return false;
  return mine.data.isAdmin || mine.data.permissions[docType][action] !== 'none';
}

export function useAccessSettings(kind: SubjectKind, id: number) {
  return useQuery({
    queryKey: keys.subject(kind, id),
    queryFn: () => api.get<AccessSettings>(`/api/v1/access/${kind}/${id}`),
  });
}

/**
 * Saves a role's or a user's settings. A role's change reaches its users, so every subject and the
 * caller's own rights refresh.
 */
export function useSaveAccessSettings(kind: SubjectKind, id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateAccessSettings) => api.put<AccessSettings>(`/api/v1/access/${kind}/${id}`, body),
    onSuccess: (saved) => {
      client.setQueryData(keys.subject(kind, id), saved);
      return client.invalidateQueries({ queryKey: keys.all });
    },
  });
}

/** Why a user (the caller when `userId` is null) may see a document. */
export function useExplain(docType: DocType, id: number, userId: number | null, enabled: boolean) {
  return useQuery({
    queryKey: keys.explain(docType, id, userId),
    queryFn: () =>
      api.get<AccessExplanation>(
        `/api/v1/access/explain/${docType}/${id}${userId === null ? '' : `?userId=${userId}`}`,
      ),
    enabled,
    // Rights change on the other page; the drawer asks afresh each time it opens.
    staleTime: 0,
  });
}
