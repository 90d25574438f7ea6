import { useCallback } from 'react';
import { App, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from './client.js';

/** The text to show for any error: the server's (already translated) message, else ours. */
export function useErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  return useCallback(
    (error: unknown) => {
      if (error instanceof ApiError)
        return error.code === 'network_error' ? t('errors.network') : error.message;
      return t('errors.unexpected');
    },
    [t],
  );
}

/** "phones.0" → ["phones"], "smtp.host" → ["smtp", "host"]: our forms have no list fields. */
const fieldName = (path: string) => path.split('.').filter((part) => !/^\d+$/.test(part));

/**
 * Reports a failed request: validation errors go next to their form fields, anything else to a
 * notification. A 401 is left alone: the app then shows the login page.
 */
export function useApiError(): (error: unknown, form?: FormInstance) => void {
  const { notification } = App.useApp();
  const { t } = useTranslation();
  const errorText = useErrorText();
  return useCallback(
    (error: unknown, form?: FormInstance) => {
      if (error instanceof ApiError && error.status === 401) return;
      const fields = error instanceof ApiError ? error.fields : [];
      const known = new Set(form?.getFieldsError().map((f) => f.name.join('.')));
      const matched = fields.filter((f) => known.has(fieldName(f.path).join('.')));
      const unmatched = fields.filter((f) => !matched.includes(f));
      form?.setFields(
        matched.map((f) => ({ name: fieldName(f.path), errors: [f.message || errorText(error)] })),
      );
      if (matched.length > 0 && unmatched.length === 0) return;
      const details = unmatched.map((f) => `${f.path}: ${f.message}`);
      notification.error({
        title: t('errors.title'),
        description: [errorText(error), ...details].join('\n'),
        style: { whiteSpace: 'pre-line' },
      });
    },
    [notification, t, errorText],
  );
}
