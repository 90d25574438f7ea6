import type { Locale } from '../../../shared/locale.js';

/** Who is calling, as resolved from a session cookie or an API token. */
export interface AuthUser {
  id: number;
  login: string;
  fullName: string;
  locale: Locale;
  isAdmin: boolean;
}

export type AuthContext =
  | { via: 'session'; user: AuthUser; sessionId: string; csrfToken: string }
  | { via: 'token'; user: AuthUser; tokenId: number };
