import type { Locale } from '../../shared/locale.js';

/** The shape of a module's own messages, merged into http/messages.ts. */
export interface ModuleMessages {
  errors: Record<string, Record<Locale, string>>;
  fields: Record<string, Record<Locale, string>>;
}
