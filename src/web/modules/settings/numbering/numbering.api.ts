import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  NumberedDocType,
  NumberingPreview,
  NumberingTemplate,
  numberingPreviewRequest,
  updateNumberingRequest,
} from '../../../../shared/schemas/numbering.js';
import { api } from '../../../http/client.js';

export type UpdateNumbering = z.input<typeof updateNumberingRequest>;
export type PreviewRequest = z.input<typeof numberingPreviewRequest>;

const URL = '/api/v1/settings/numbering';

export const numberingKeys = {
  all: ['settings-numbering'] as const,
  preview: (docType: NumberedDocType, body: PreviewRequest | null) =>
    ['settings-numbering', 'preview', docType, body] as const,
};

export function useNumbering() {
  return useQuery({ queryKey: numberingKeys.all, queryFn: () => api.get<NumberingTemplate[]>(URL) });
}

/** Saving moves the counters' formats, so every preview is asked again. */
export function useSaveNumbering(docType: NumberedDocType) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateNumbering) => api.put<NumberingTemplate>(`${URL}/${docType}`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: numberingKeys.all }),
  });
}

/** The next number for the settings being edited; nothing is taken. */
export function useNumberingPreview(docType: NumberedDocType, body: PreviewRequest | null) {
  return useQuery({
    queryKey: numberingKeys.preview(docType, body),
    queryFn: () => api.post<NumberingPreview>(`${URL}/preview`, body),
    enabled: body !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
}
