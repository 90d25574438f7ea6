import type { FormInstance } from 'antd';

/**
 * Errors the server put on fields stay until the field is checked again, and most of these fields
 * have no client rules: an edited field drops its error, and so does every field once saved.
 */
export function clearErrorsOf(form: FormInstance, names?: string[]): void {
  const fields = names ?? form.getFieldsError().map((f) => f.name.join('.'));
  form.setFields(fields.map((name) => ({ name, errors: [] })));
}
