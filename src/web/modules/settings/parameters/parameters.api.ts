import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Enterprise } from '../../../../shared/schemas/enterprise.js';
import type { SettingsArea, SettingsChange } from '../../../../shared/schemas/settings-changes.js';
import type { CallImportReport } from '../../../../shared/schemas/telephony.js';
import type {
  TelephonySettings,
  UpdateTelephonySettings,
} from '../../../../shared/schemas/telephony-settings.js';
import type { UpdateUserParameters, UserParameters } from '../../../../shared/schemas/user-parameters.js';
import { api } from '../../../http/client.js';

/** This tab's query keys; every save here also adds an entry to the change log. */
export const parametersKeys = {
  userParameters: ['settings', 'user-parameters'],
  myParameters: ['settings', 'my-parameters'],
  telephony: ['settings', 'telephony'],
  enterprise: ['admin', 'enterprise'],
  cardFiles: ['settings', 'card-files'],
  changes: ['settings', 'changes'],
} as const;

const USER_PARAMETERS = '/api/v1/settings/user-parameters';
const TELEPHONY = '/api/v1/settings/telephony';
const ENTERPRISE = '/api/v1/admin/enterprise';

export function useUserParametersList() {
  return useQuery({
    queryKey: parametersKeys.userParameters,
    queryFn: () => api.get<UserParameters[]>(USER_PARAMETERS),
  });
}

export function useMyParameters() {
  return useQuery({
    queryKey: parametersKeys.myParameters,
    queryFn: () => api.get<UserParameters>('/api/v1/me/parameters'),
  });
}

export function useSaveUserParameters(userId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateUserParameters) => api.put<UserParameters>(`${USER_PARAMETERS}/${userId}`, body),
    onSuccess: () =>
      Promise.all(
        [parametersKeys.userParameters, parametersKeys.myParameters, parametersKeys.changes].map((queryKey) =>
          client.invalidateQueries({ queryKey }),
        ),
      ),
  });
}

/** While the AMI connection is being made, its state is looked at again until it settles. */
const AMI_STATE_POLL_MS = 3_000;

export function useTelephonySettings() {
  return useQuery({
    queryKey: parametersKeys.telephony,
    queryFn: () => api.get<TelephonySettings>(TELEPHONY),
    refetchInterval: (query) => (query.state.data?.amiState === 'connecting' ? AMI_STATE_POLL_MS : false),
  });
}

export function useSaveTelephonySettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateTelephonySettings) => api.put<TelephonySettings>(TELEPHONY, body),
    onSuccess: (saved) => {
      client.setQueryData(parametersKeys.telephony, saved);
      return client.invalidateQueries({ queryKey: parametersKeys.changes });
    },
  });
}

/** «Загрузить сейчас»: the report of the run; the settings then hold it as the last import. */
export function useImportCallsNow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<CallImportReport>(`${TELEPHONY}/import`),
    onSettled: () => client.invalidateQueries({ queryKey: parametersKeys.telephony }),
  });
}

/** A new PBX webhook token (shown once); the previous one stops working. */
export function useCreatePbxToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ token: string }>(`${TELEPHONY}/pbx-token`),
    onSuccess: () =>
      Promise.all(
        [parametersKeys.telephony, parametersKeys.changes].map((queryKey) =>
          client.invalidateQueries({ queryKey }),
        ),
      ),
  });
}

/** Turns the PBX webhook off. */
export function useDeletePbxToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete<{ ok: true }>(`${TELEPHONY}/pbx-token`),
    onSuccess: () =>
      Promise.all(
        [parametersKeys.telephony, parametersKeys.changes].map((queryKey) =>
          client.invalidateQueries({ queryKey }),
        ),
      ),
  });
}

export function useEnterprise() {
  return useQuery({ queryKey: parametersKeys.enterprise, queryFn: () => api.get<Enterprise>(ENTERPRISE) });
}

export function useSaveEnterprise() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { timeZone: string }) => api.put<Enterprise>(ENTERPRISE, body),
    onSuccess: (saved) => {
      client.setQueryData(parametersKeys.enterprise, saved);
      return client.invalidateQueries({ queryKey: parametersKeys.changes });
    },
  });
}

export interface ChangesPage {
  items: SettingsChange[];
  total: number;
}

/** One page of the change log, newest first; the previous page stays on screen while the next loads. */
export function useSettingsChanges(filter: { area: SettingsArea | null; page: number; pageSize: number }) {
  const query = new URLSearchParams({
    limit: String(filter.pageSize),
    offset: String((filter.page - 1) * filter.pageSize),
    ...(filter.area && { area: filter.area }),
  });
  return useQuery({
    queryKey: [...parametersKeys.changes, filter],
    queryFn: () => api.get<ChangesPage>(`/api/v1/settings/changes?${query.toString()}`),
    placeholderData: keepPreviousData,
  });
}
