import 'i18next';
import type { Messages } from './ru.js';

// Makes t() check its keys against the Russian messages.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}
