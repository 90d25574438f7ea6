import {
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ComposeMail,
  MailboxState,
  MailListItem,
  MailMessage,
  MailPage,
  MailTemplate,
  createClientFromUnsortedRequest,
  createMailTemplateRequest,
  linkUnsortedRequest,
  recipientSuggestion,
  renderedMailTemplate,
  updateMailTemplateRequest,
} from '../../../shared/schemas/mail.js';
import { api } from '../../http/client.js';
import { queryKeys } from '../../http/query-keys.js';

/** The documents a letter is written from (and a card's letters are listed by). */
export interface MailSource {
  clientId?: number | null;
  contactId?: number | null;
  projectId?: number | null;
  taskId?: number | null;
  eventId?: number | null;
}

export type RecipientSuggestion = z.infer<typeof recipientSuggestion>;
type RenderedTemplate = z.infer<typeof renderedMailTemplate>;

const keys = {
  all: ['mail'],
  letters: ['mail', 'letters'],
  unsorted: ['mail', 'unsorted'],
  templates: ['mail', 'templates'],
  mailboxes: ['mail', 'mailboxes'],
};

const PAGE_SIZE = 50;
/** While a letter of a list is on its way the list asks again this often. */
const OUTBOX_REFRESH_MS = 5_000;

/** `?clientId=1&taskId=2` of the ids given; a list filters by the document ids only. */
function sourceParams(source: MailSource, names: (keyof MailSource)[]): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of names) {
    const value = source[name];
    if (value) params.set(name, String(value));
  }
  return params;
}

const LIST_FILTERS: (keyof MailSource)[] = ['clientId', 'projectId', 'taskId', 'eventId'];

const inFlight = (items: MailListItem[]) =>
  items.some((m) => m.status === 'queued' || m.status === 'sending');

/** A card's letters, newest first; refreshed every few seconds while one is queued or sending. */
export function useMailList(source: MailSource) {
  const filter = sourceParams(source, LIST_FILTERS).toString();
  const query = useInfiniteQuery({
    queryKey: [...keys.letters, 'list', filter],
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams(filter);
      params.set('limit', String(PAGE_SIZE));
      if (pageParam) params.set('cursor', pageParam);
      return api.get<MailPage>(`/api/v1/mail/messages?${params.toString()}`);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: (q) =>
      inFlight(q.state.data?.pages.flatMap((p) => p.items) ?? []) ? OUTBOX_REFRESH_MS : false,
  });
  return { ...query, items: query.data?.pages.flatMap((p) => p.items) ?? [] };
}

export function useMailMessage(id: number) {
  return useQuery({
    queryKey: [...keys.letters, id],
    queryFn: () => api.get<MailMessage>(`/api/v1/mail/messages/${id}`),
    refetchInterval: (q) => (q.state.data && inFlight([q.state.data]) ? OUTBOX_REFRESH_MS : false),
  });
}

/** The conversation of a letter, oldest first. */
export function useMailThread(id: number) {
  return useQuery({
    queryKey: [...keys.letters, id, 'thread'],
    queryFn: () => api.get<MailListItem[]>(`/api/v1/mail/messages/${id}/thread`),
  });
}

/** A new letter is an event too: cards' events and timelines refresh along with the letters. */
function refreshAfterLetter(client: QueryClient) {
  return Promise.all(
    [keys.all, queryKeys.events, queryKeys.clients, ['timeline']].map((queryKey) =>
      client.invalidateQueries({ queryKey }),
    ),
  );
}

export function useSendMail() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ComposeMail) => api.post<MailMessage>('/api/v1/mail/messages', body),
    onSuccess: () => refreshAfterLetter(client),
  });
}

export function useRetryMail() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post<MailMessage>(`/api/v1/mail/messages/${id}/retry`),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.letters }),
  });
}

/** Addresses to offer in To / Cc / Bcc: the client's and its contact persons'. */
export function useRecipients(source: MailSource) {
  const params = sourceParams(source, LIST_FILTERS).toString();
  return useQuery({
    queryKey: [...keys.all, 'recipients', params],
    queryFn: () => api.get<RecipientSuggestion[]>(`/api/v1/mail/recipients?${params}`),
    enabled: params !== '',
    staleTime: 60_000,
  });
}

/* ---------------------------------------------------------------- templates */

export function useMailTemplates() {
  return useQuery({
    queryKey: keys.templates,
    queryFn: () => api.get<MailTemplate[]>('/api/v1/mail/templates'),
  });
}

export function useRenderTemplate() {
  return useMutation({
    mutationFn: ({ id, source }: { id: number; source: MailSource }) =>
      api.post<RenderedTemplate>(`/api/v1/mail/templates/${id}/render`, source),
  });
}

/** Creates a template when `id` is null, else changes that one. */
export function useSaveTemplate(id: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (
      body: z.input<typeof createMailTemplateRequest> | z.input<typeof updateMailTemplateRequest>,
    ) =>
      id === null
        ? api.post<MailTemplate>('/api/v1/mail/templates', body)
        : api.patch<MailTemplate>(`/api/v1/mail/templates/${id}`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.templates }),
  });
}

export function useDeleteTemplate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete<{ ok: true }>(`/api/v1/mail/templates/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.templates }),
  });
}

/* -------------------------------------------------------------- «Неразобранные» */

export function useUnsorted() {
  const query = useInfiniteQuery({
    queryKey: [...keys.unsorted, 'list'],
    queryFn: ({ pageParam }) =>
      api.get<MailPage>(
        `/api/v1/mail/unsorted?limit=${PAGE_SIZE}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  return { ...query, items: query.data?.pages.flatMap((p) => p.items) ?? [] };
}

/** How many letters wait in «Неразобранные»: counted up to one page, "99+" beyond. */
export const UNSORTED_COUNT_LIMIT = 99;

export function useUnsortedCount() {
  return useQuery({
    queryKey: [...keys.unsorted, 'count'],
    queryFn: async () => {
      const page = await api.get<MailPage>(`/api/v1/mail/unsorted?limit=${UNSORTED_COUNT_LIMIT + 1}`);
      return page.items.length;
    },
    refetchInterval: 60_000,
    retry: false,
  });
}

/** A letter leaves «Неразобранные» by linking, creating a client or dismissing; cards gain it. */
function refreshAfterSorting(client: QueryClient) {
  return Promise.all(
    [keys.all, queryKeys.clients, queryKeys.events, ['timeline']].map((queryKey) =>
      client.invalidateQueries({ queryKey }),
    ),
  );
}

export function useLinkUnsorted() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: z.input<typeof linkUnsortedRequest> }) =>
      api.post<{ linked: number }>(`/api/v1/mail/unsorted/${id}/link`, body),
    onSuccess: () => refreshAfterSorting(client),
  });
}

export function useCreateClientFromUnsorted() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: z.input<typeof createClientFromUnsortedRequest> }) =>
      api.post<{ clientId: number; linked: number }>(`/api/v1/mail/unsorted/${id}/create-client`, body),
    onSuccess: () => refreshAfterSorting(client),
  });
}

export function useDismissUnsorted() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post<unknown>(`/api/v1/mail/unsorted/${id}/dismiss`),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.unsorted }),
  });
}

/* ----------------------------------------------------------------- mailboxes */

const syncing = (boxes: MailboxState[]) => boxes.some((b) => b.status === 'syncing');

/** Mailboxes: all of them, or an employee's / a user's. Refreshed while one is syncing. */
export function useMailboxes(filter: { employeeId?: number; userId?: number } = {}) {
  const params = new URLSearchParams();
  if (filter.employeeId) params.set('employeeId', String(filter.employeeId));
  if (filter.userId) params.set('userId', String(filter.userId));
  const qs = params.toString();
  return useQuery({
    queryKey: [...keys.mailboxes, qs],
    queryFn: () => api.get<MailboxState[]>(`/api/v1/mail/mailboxes${qs ? `?${qs}` : ''}`),
    refetchInterval: (q) => (syncing(q.state.data ?? []) ? OUTBOX_REFRESH_MS : false),
  });
}

export function useMyMailbox() {
  return useQuery({
    queryKey: [...keys.mailboxes, 'me'],
    queryFn: () => api.get<MailboxState | null>('/api/v1/me/mailbox'),
    refetchInterval: (q) => (q.state.data && syncing([q.state.data]) ? OUTBOX_REFRESH_MS : false),
  });
}

export function useUpdateMailboxFolders(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (folders: string[]) => api.put<MailboxState>(`/api/v1/mail/mailboxes/${id}`, { folders }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.mailboxes }),
  });
}

/** Starts a sync now: a mailbox's (`id`) or the caller's own (`'me'`). */
export function useSyncMailbox() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number | 'me') =>
      api.post<unknown>(id === 'me' ? '/api/v1/me/mailbox/sync' : `/api/v1/mail/mailboxes/${id}/sync`),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.mailboxes }),
  });
}
