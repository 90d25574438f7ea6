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

/**
 * The form field an error path names: the item of a list field when the form has it
 * ("phones.0.number" → ["phones", 0, "number"]), else the field holding the list ("phones").
 */
function fieldName(path: string, known: Set<string>): (string | number)[] | null {
  if (known.has(path)) return path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  const whole = path.split('.').filter((part) => !/^\d+$/.test(part));
  return known.has(whole.join('.')) ? whole : null;
}

/**
 * Reports a failed request: validation errors go next to their form fields, anything else to a
 * notification (a field error there that says what the message says is not repeated). A 401 is
 * left alone: the app then shows the login page.
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
      const matched = fields.flatMap((f) => {
        const name = fieldName(f.path, known);
        return name ? [{ name, errors: [f.message || errorText(error)], field: f }] : [];
      });
      const unmatched = fields.filter((f) => !matched.some((m) => m.field === f));
      form?.setFields(matched.map(({ name, errors }) => ({ name, errors })));
      if (matched.length > 0 && unmatched.length === 0) return;
      const text = errorText(error);
      // A field problem that only repeats the message (a calculation's reject) is said once.
      const details = unmatched.filter((f) => f.message !== text).map((f) => `${f.path}: ${f.message}`);
      notification.error({
        title: t('errors.title'),
        description: [text, ...details].join('\n'),
        style: { whiteSpace: 'pre-line' },
      });
    },
    [notification, t, errorText],
  );
}
