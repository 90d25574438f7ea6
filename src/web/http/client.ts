import type { Locale } from '../../shared/locale.js';

/** A field-level validation error, as the server reports it in `details.fields`. */
export interface FieldError {
  path: string;
  code: string;
  message: string;
}

/** An API error: `{ error: { code, message, details } }`; `message` is already in the user's language. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get fields(): FieldError[] {
    const fields = this.details?.fields;
    return Array.isArray(fields) ? (fields as FieldError[]) : [];
  }
}

/** Sent on every write authenticated by the session cookie; comes with the signed-in user. */
let csrfToken: string | null = null;
let language: Locale = 'ru';

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function setRequestLanguage(locale: Locale): void {
  language = locale;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** For a caller that does not speak for the signed-in user (a kiosk, a board). */
export interface RequestOptions {
  /**
   * Sent as `Authorization: Bearer`; the session cookie and the CSRF header are then left out,
   * since such a page may be opened in a browser someone is signed in to: the token alone speaks.
   */
  bearerToken?: string;
  /** The language of the answer's messages, when the caller chooses it itself rather than the app. */
  language?: Locale;
}

/** One request of the app: the JSON body in, the JSON answer out, a failure as an `ApiError`. */
export async function request<T>(
  method: Method,
  path: string,
  body?: unknown,
  { bearerToken, language: languageOverride }: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': languageOverride ?? language,
  };
  // Fastify rejects an empty body declared as JSON, so the header goes only with a body.
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (bearerToken !== undefined) headers.Authorization = `Bearer ${bearerToken}`;
  else if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: bearerToken === undefined ? 'same-origin' : 'omit',
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  } catch (e) {
    throw new ApiError(0, 'network_error', e instanceof Error ? e.message : String(e));
  }

  const payload: unknown = res.headers.get('content-type')?.includes('application/json')
    ? await res.json()
    : null;
  if (res.ok) return payload as T;
  const error = (
    payload as { error?: { code?: string; message?: string; details?: Record<string, unknown> | null } }
  )?.error;
  throw new ApiError(
    res.status,
    error?.code ?? 'http_error',
    error?.message ?? `HTTP ${res.status} ${res.statusText}`,
    error?.details ?? null,
  );
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};
