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

export function translateIssue(issue: z.core.$ZodIssue, locale: Locale): FieldError[] {
  const path = issue.path.map(String).join('.');
  // One entry per unknown key, so a form can point at the very field.
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      path: path ? `${path}.${key}` : key,
      code: issue.code,
      message: translatedZodMessage({ ...issue, keys: [key] }, locale),
    }));
  }
  const custom = fieldMessages[issue.message as FieldMessageKey];
  let message: string;
  if (custom) message = custom[locale];
  else if (issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined)
    message = fieldMessages.required[locale];
  else message = translatedZodMessage(issue, locale);
  return [{ path, code: issue.code, message }];
}

function translatedZodMessage(issue: z.core.$ZodIssue, locale: Locale): string {
  // Zod's locale functions take the raw issue; the final one has every field they read.
  const raw = zodLocales[locale].localeError(issue as unknown as z.core.$ZodRawIssue);
  return typeof raw === 'string' ? raw : (raw?.message ?? issue.message);
}

/**
 * Services name field problems by code (`{ path, code, params? }`); the message is added here,
 * in the caller's language, like Zod's.
 */
function translateFields(
  details: Record<string, unknown> | null,
  locale: Locale,
): Record<string, unknown> | null {
  const fields = details?.fields;
  if (!Array.isArray(fields)) return details;
  return {
    ...details,
    fields: (fields as { path: string; code: string; params?: Record<string, unknown> }[]).map(
      ({ path, code, params }) => ({
        path,
        code,
        message: format(fieldMessages[code as FieldMessageKey]?.[locale] ?? code, params),
      }),
    ),
  };
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
    if (err instanceof AppError) {
      return sendError(reply, locale, err.status, err.code, err.params, translateFields(err.details, locale));
    }
    if (err instanceof RequestValidationError) {
      const where = (err as { validationContext?: string }).validationContext ?? 'body';
      const fields = err.issues.flatMap((i) => translateIssue(i, locale));
      return sendError(reply, locale, 400, 'validation_failed', {}, { in: where, fields });
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
