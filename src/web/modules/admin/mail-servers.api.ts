import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  MailServers,
  TestMailServerResult,
  UpdateMailServers,
  testMailServerRequest,
} from '../../../shared/schemas/mail-servers.js';
import { api } from '../../http/client.js';
import { queryKeys } from '../../http/query-keys.js';
import { systemMailKeys } from './system-mail.api.js';

const PATH = '/api/v1/admin/mail-servers';

export function useMailServers() {
  return useQuery({ queryKey: queryKeys.mailServers, queryFn: () => api.get<MailServers>(PATH) });
}

export function useSaveMailServers() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateMailServers) => api.put<MailServers>(PATH, body),
    onSuccess: (saved) => {
      client.setQueryData(queryKeys.mailServers, saved);
      // The system sender is ready only with an SMTP server.
      return client.invalidateQueries({ queryKey: systemMailKeys.all });
    },
  });
}

export function useTestMailServer() {
  return useMutation({
    mutationFn: (body: z.input<typeof testMailServerRequest>) =>
      api.post<TestMailServerResult>(`${PATH}/test`, body),
  });
}
