import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ImportFileRequest, ImportPreview, ImportReport } from '../../../../shared/schemas/imports.js';
import { api } from '../../../http/client.js';
import { queryKeys } from '../../../http/query-keys.js';

export function usePreviewImport() {
  return useMutation({
    mutationFn: (body: ImportFileRequest) => api.post<ImportPreview>('/api/v1/clients/import/preview', body),
  });
}

/** Runs the import; a real one (not a dry run) refreshes the client lists and the search. */
export function useRunImport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ImportFileRequest) => api.post<ImportReport>('/api/v1/clients/import', body),
    onSuccess: (report) => {
      if (report.dryRun) return;
      void client.invalidateQueries({ queryKey: queryKeys.clients });
      void client.invalidateQueries({ queryKey: queryKeys.search });
    },
  });
}

/** A file's content as base64 (what the import API takes). */
export function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}
