import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** Each setting: its env variable, its key in the optional JSON config file, its schema. */
const settings = {
  host: { env: 'HOST', schema: z.string().min(1).default('0.0.0.0') },
  port: { env: 'PORT', schema: z.coerce.number().int().min(0).max(65535).default(3000) },
  dataDir: { env: 'KARTOTEKA_DATA', schema: z.string().min(1).default('./data') },
  databaseUrl: {
    env: 'DATABASE_URL',
    secret: true,
    schema: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
  },
  secretKey: {
    env: 'KARTOTEKA_SECRET_KEY',
    secret: true,
    schema: z
      .string()
      .regex(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, 'must be 32 bytes as 64 hex digits or base64')
      .optional(),
  },
  logLevel: {
    env: 'LOG_LEVEL',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  },
  sqliteSynchronous: {
    env: 'KARTOTEKA_SQLITE_SYNCHRONOUS',
    schema: z.enum(['NORMAL', 'FULL']).default('NORMAL'),
  },
  sessionTtlHours: {
    env: 'KARTOTEKA_SESSION_TTL_HOURS',
    schema: z.coerce.number().int().min(1).max(8760).default(168),
  },
  bodyLimit: {
    env: 'KARTOTEKA_BODY_LIMIT',
    schema: z.coerce.number().int().min(1024).default(1_048_576),
  },
  secureCookies: {
    env: 'KARTOTEKA_SECURE_COOKIES',
    schema: z.stringbool().default(false),
  },
  trustProxy: {
    env: 'KARTOTEKA_TRUST_PROXY',
    schema: z.stringbool().default(false),
  },
  mailMaxMessageBytes: {
    env: 'KARTOTEKA_MAIL_MAX_MESSAGE_BYTES',
    schema: z.coerce.number().int().min(65_536).default(26_214_400),
  },
  mailPollSeconds: {
    env: 'KARTOTEKA_MAIL_POLL_SECONDS',
    schema: z.coerce.number().int().min(5).max(86_400).default(60),
  },
  mailSyncConcurrency: {
    env: 'KARTOTEKA_MAIL_SYNC_CONCURRENCY',
    schema: z.coerce.number().int().min(1).max(100).default(4),
  },
  /** Where users open the app: links in notification letters. Default: http://localhost:<port>. */
  publicUrl: {
    env: 'KARTOTEKA_PUBLIC_URL',
    schema: z
      .url({ protocol: /^https?$/ })
      .transform((u) => u.replace(/\/+$/, ''))
      .optional(),
  },
} as const;

type Settings = typeof settings;
type Parsed = { [K in keyof Settings]: z.output<Settings[K]['schema']> };
export type Config = Omit<Parsed, 'publicUrl'> & { publicUrl: string };
export type ConfigInput = Partial<Record<keyof Settings, string | number | boolean | undefined>>;

export class ConfigError extends Error {}

/** Documented in README → Configuration; `configReference()` keeps the two in step. */
export function configReference(): { key: string; env: string }[] {
  return Object.entries(settings).map(([key, s]) => ({ key, env: s.env }));
}

/**
 * Builds the config from (lowest to highest precedence): defaults, the JSON file named by
 * KARTOTEKA_CONFIG, environment variables, then explicit overrides (CLI flags).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigInput = {}): Config {
  let fileValues: Record<string, unknown> = {};
  const file = env.KARTOTEKA_CONFIG;
  if (file) {
    try {
      fileValues = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch (e) {
      throw new ConfigError(`Cannot read config file ${file}: ${(e as Error).message}`);
    }
    const unknown = Object.keys(fileValues).filter((k) => !(k in settings));
    if (unknown.length) {
      throw new ConfigError(
        `Config file ${file}: unknown setting(s) ${unknown.join(', ')}; known: ${Object.keys(settings).join(', ')}`,
      );
    }
  }
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, s] of Object.entries(settings)) {
    const fromOverride = overrides[key as keyof Settings];
    const fromEnv = env[s.env] === '' ? undefined : env[s.env];
    const raw = fromOverride ?? fromEnv ?? fileValues[key];
    const source =
      fromOverride !== undefined ? 'command line' : fromEnv !== undefined ? s.env : `${key} in ${file}`;
    const input = typeof raw === 'boolean' ? String(raw) : raw;
    const parsed = (s.schema as z.ZodType).safeParse(input);
    if (parsed.success) out[key] = parsed.data;
    else {
      // A database URL may carry a password; a secret key is a secret: never echo those.
      const got = 'secret' in s ? '' : ` (got ${JSON.stringify(raw)})`;
      problems.push(`${source}: ${parsed.error.issues.map((i) => i.message).join('; ')}${got}`);
    }
  }
  if (problems.length) throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return {
    ...out,
    dataDir: path.resolve(out.dataDir as string),
    publicUrl: (out.publicUrl as string | undefined) ?? `http://localhost:${out.port as number}`,
  } as Config;
}
