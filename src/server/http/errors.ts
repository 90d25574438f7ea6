import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifySchemaCompiler,
} from 'fastify';
import { z } from 'zod';
import type { Locale } from '../../shared/locale.js';
import { errorMessages, fieldMessages, format, type ErrorCode, type FieldMessageKey } from './messages.js';
import { requestLocale } from './locale.js';

/**
 * The one error type services throw and the one place errors become HTTP responses:
 * `{ error: { code, message, details } }`, message in the caller's language.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    readonly params: Record<string, unknown> = {},
    readonly details: Record<string, unknown> | null = null,
  ) {
    super(code);
  }
}

export const notFound = (params: Record<string, unknown> = {}) => new AppError(404, 'not_found', params);
export const forbidden = () => new AppError(403, 'forbidden');

/** A 400 about one field of the input; `code` is a field-message key. */
export function fieldProblem(path: string, code: string, params?: Record<string, unknown>): AppError {
  return new AppError(400, 'validation_failed', {}, { fields: [{ path, code, ...(params && { params }) }] });
}

export interface FieldError {
  path: string;
  code: string;
  message: string;
}

/**
 * A field problem as an AppError carries it in `details.fields`: named by a field-message key
 * (`code`, `params`), or a Zod issue, translated like a request's when the error is sent.
 */
interface FieldProblem {
  path: string;
  code: string;
  params?: Record<string, unknown>;
  issue?: z.core.$ZodIssue;
}

/**
 * Input that failed its Zod schema, as the request validator answers it: a 400
 * `validation_failed` whose fields are the issues, translated when sent. Parse with
 * `{ reportInput: true }` so a missing value reads «required».
 */
export function invalidInput(issues: z.core.$ZodIssue[], where = 'body'): AppError {
  const fields = issues.flatMap((issue): FieldProblem[] => {
    const path = issue.path.map(String).join('.');
    // One entry per unknown key, so a form can point at the very field.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: path ? `${path}.${key}` : key,
        code: issue.code,
        issue: { ...issue, keys: [key] },
      }));
    }
    return [{ path, code: issue.code, issue }];
  });
  return new AppError(400, 'validation_failed', {}, { in: where, fields });
}

/** Raised by the request validator; carries Zod issues (with their inputs) for translation. */
class RequestValidationError extends Error {
  statusCode = 400;
  constructor(readonly issues: z.core.$ZodIssue[]) {
    super('validation_failed');
  }
}

/** Like fastify-type-provider-zod's, but keeps each issue's input so messages can be translated. */
export const validatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    const r = schema.safeParse(data, { reportInput: true });
    return r.success ? { value: r.data } : { error: new RequestValidationError(r.error.issues) };
  };

const zodLocales = { ru: z.locales.ru(), uk: z.locales.uk(), en: z.locales.en() };

/** A Zod issue as the field errors it names (one per unknown key), messages in `locale`. */
export function translateIssue(issue: z.core.$ZodIssue, locale: Locale): FieldError[] {
  return fieldErrors(invalidInput([issue]).details, locale);
}

/** A Zod issue's message in `locale`: the field message it names, else Zod's own. */
function issueMessage(issue: z.core.$ZodIssue, locale: Locale): string {
  const custom = fieldMessages[issue.message as FieldMessageKey];
  if (custom) return custom[locale];
  if (issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined)
    return fieldMessages.required[locale];
  return translatedZodMessage(issue, locale);
}

function translatedZodMessage(issue: z.core.$ZodIssue, locale: Locale): string {
  // Zod's locale functions take the raw issue; the final one has every field they read.
  const raw = zodLocales[locale].localeError(issue as unknown as z.core.$ZodRawIssue);
  return typeof raw === 'string' ? raw : (raw?.message ?? issue.message);
}

/** The field problems of an AppError's details with their messages in `locale` (none: []). */
export function fieldErrors(details: Record<string, unknown> | null, locale: Locale): FieldError[] {
  const fields = details?.fields;
  if (!Array.isArray(fields)) return [];
  return (fields as FieldProblem[]).map(({ path, code, params, issue }) => ({
    path,
    code,
    message: issue
      ? issueMessage(issue, locale)
      : format(fieldMessages[code as FieldMessageKey]?.[locale] ?? code, params),
  }));
}

/** Field problems get their messages here, when sent, in the caller's language. */
function translateFields(
  details: Record<string, unknown> | null,
  locale: Locale,
): Record<string, unknown> | null {
  if (!Array.isArray(details?.fields)) return details;
  return { ...details, fields: fieldErrors(details, locale) };
}

export function sendError(
  reply: FastifyReply,
  locale: Locale,
  status: number,
  code: ErrorCode,
  params: Record<string, unknown> = {},
  details: Record<string, unknown> | null = null,
): FastifyReply {
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send({ error: { code, message: format(errorMessages[code][locale], params), details } });
}

const fastifyCodes: Record<string, { status: number; code: ErrorCode }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload_too_large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'bad_request' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'invalid_json' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'invalid_json' },
};

export function installErrorHandling(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((err: FastifyError | AppError | RequestValidationError, req: FastifyRequest, reply) => {
    const locale = requestLocale(req);
    if (err instanceof RequestValidationError) {
      err = invalidInput(err.issues, (err as { validationContext?: string }).validationContext);
    }
    if (err instanceof AppError) {
      // A refusal that ends by itself (a throttled login, a kiosk past its tickets per minute).
      const retryAfter = err.details?.retryAfterSeconds;
      if (typeof retryAfter === 'number') reply.header('retry-after', String(Math.ceil(retryAfter)));
      return sendError(reply, locale, err.status, err.code, err.params, translateFields(err.details, locale));
    }
    const known = fastifyCodes[err.code];
    if (known) return sendError(reply, locale, known.status, known.code, { limit: bodyLimit });
    if (err instanceof SyntaxError) return sendError(reply, locale, 400, 'invalid_json');
    const status = 'statusCode' in err && typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status >= 400 && status < 500) {
      req.log.info({ err }, 'client error');
      return sendError(reply, locale, status, 'bad_request');
    }
    req.log.error({ err }, 'unhandled error');
    return sendError(reply, locale, 500, 'internal_error', { requestId: req.id });
  });
}

/** The response schema of every error, for the OpenAPI document. */
export const errorResponseSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'Stable machine-readable code' }),
      message: z.string().meta({ description: "Human-readable, in the caller's language" }),
      details: z.record(z.string(), z.unknown()).nullable(),
    }),
  })
  .meta({ id: 'Error' });

/** The error answers any API route may give, for its OpenAPI description (each route adds its own extras). */
export const errorResponses = {
  400: errorResponseSchema,
  401: errorResponseSchema,
  403: errorResponseSchema,
  404: errorResponseSchema,
  409: errorResponseSchema,
};
