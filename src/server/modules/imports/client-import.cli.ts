import { readFile } from 'node:fs/promises';
import type { Services } from '../../services.js';
import { localeFromAcceptLanguage, type Locale } from '../../../shared/locale.js';
import {
  CSV_DELIMITERS,
  FILE_ENCODINGS,
  importMapping,
  type CsvDelimiter,
  type FileEncoding,
  type ImportLineProblems,
  type ImportReport,
} from '../../../shared/schemas/imports.js';
import { AppError } from '../../http/errors.js';
import { errorMessages, fieldMessages, format, type FieldMessageKey } from '../../http/messages.js';
import { SYSTEM_VIEWER } from '../access/viewer.js';

export interface ImportCliOptions {
  mapping?: string;
  dryRun?: boolean;
  delimiter?: string;
  encoding?: string;
  sheet?: string;
}

/** Exit codes: every row imported, some rows rejected, nothing done. */
export const EXIT = { ok: 0, error: 1, rejected: 2 } as const;

const COUNTS: Record<
  Locale,
  {
    rows: string;
    created: string;
    updated: string;
    unchanged: string;
    rejected: string;
    line: string;
    warnings: string;
    dryRun: string;
  }
> = {
  ru: {
    rows: 'Строк',
    created: 'добавлено',
    updated: 'изменено',
    unchanged: 'без изменений',
    rejected: 'отклонено',
    line: 'строка',
    warnings: 'Предупреждения',
    dryRun: 'Пробный прогон: ничего не сохранено.',
  },
  uk: {
    rows: 'Рядків',
    created: 'додано',
    updated: 'змінено',
    unchanged: 'без змін',
    rejected: 'відхилено',
    line: 'рядок',
    warnings: 'Попередження',
    dryRun: 'Пробний прогін: нічого не збережено.',
  },
  en: {
    rows: 'Rows',
    created: 'created',
    updated: 'updated',
    unchanged: 'unchanged',
    rejected: 'rejected',
    line: 'line',
    warnings: 'Warnings',
    dryRun: 'Dry run: nothing was saved.',
  },
};

/** The terminal's language (LANG=uk_UA.UTF-8 → uk); English otherwise, like the rest of the CLI. */
export function cliLocale(env: NodeJS.ProcessEnv): Locale {
  const lang = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return localeFromAcceptLanguage(lang.split('.')[0]?.replace('_', '-')) ?? 'en';
}

/** A bar redrawn in place on a terminal; nothing when stderr is a file or a pipe. */
export function progressBar(stream: NodeJS.WriteStream, width = 30): (done: number, total: number) => void {
  if (!stream.isTTY) return () => undefined;
  let last = -1;
  return (done, total) => {
    const share = total ? done / total : 1;
    const percent = Math.floor(share * 100);
    if (percent === last) return;
    last = percent;
    const filled = Math.round(share * width);
    stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${percent}% ${done}/${total}`);
    if (done >= total) stream.write('\n');
  };
}

/**
 * `kartoteka import clients FILE`: the same import as POST /api/v1/clients/import, with a
 * progress bar on stderr and the report on stdout. Returns the exit code.
 */
export async function importClientsCli(
  services: Services,
  file: string,
  opts: ImportCliOptions,
  io: { out: (line: string) => void; err: NodeJS.WriteStream; env: NodeJS.ProcessEnv },
): Promise<number> {
  const locale = cliLocale(io.env);
  const fail = (message: string) => {
    io.err.write(`kartoteka: ${message}\n`);
    return EXIT.error;
  };
  let mapping;
  if (opts.mapping !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(opts.mapping);
    } catch (e) {
      return fail(`--mapping: ${(e as Error).message}`);
    }
    const parsed = importMapping.safeParse(json);
    if (!parsed.success)
      return fail(
        `--mapping: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    mapping = parsed.data;
  }
  if (opts.delimiter !== undefined && !(CSV_DELIMITERS as readonly string[]).includes(opts.delimiter)) {
    return fail(`--delimiter: one of ${CSV_DELIMITERS.map((d) => JSON.stringify(d)).join(', ')}`);
  }
  if (opts.encoding !== undefined && !(FILE_ENCODINGS as readonly string[]).includes(opts.encoding)) {
    return fail(`--encoding: one of ${FILE_ENCODINGS.join(', ')}`);
  }
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch (e) {
    return fail((e as Error).message);
  }
  let report: ImportReport;
  try {
    report = await services.clientImport.run(
      {
        content,
        delimiter: opts.delimiter as CsvDelimiter | undefined,
        encoding: opts.encoding as FileEncoding | undefined,
        sheet: opts.sheet,
      },
      // The CLI runs with the data directory and database of the installation, i.e. as its operator,
      // and names no user: it imports as the system, with every right and no author.
      {
        mapping,
        dryRun: opts.dryRun ?? false,
        userId: null,
        viewer: SYSTEM_VIEWER,
        locale,
        onProgress: progressBar(io.err),
      },
    );
  } catch (e) {
    if (e instanceof AppError) return fail(appErrorText(e, locale));
    throw e;
  }
  printReport(report, locale, io.out);
  return report.rejected ? EXIT.rejected : EXIT.ok;
}

function appErrorText(e: AppError, locale: Locale): string {
  const message = format(errorMessages[e.code][locale], e.params);
  const fields = e.details?.fields;
  if (!Array.isArray(fields)) return message;
  const parts = (fields as { path: string; code: string; params?: Record<string, unknown> }[]).map(
    (f) => `${f.path}: ${format(fieldMessages[f.code as FieldMessageKey]?.[locale] ?? f.code, f.params)}`,
  );
  return `${message}: ${parts.join('; ')}`;
}

function printReport(report: ImportReport, locale: Locale, out: (line: string) => void): void {
  const w = COUNTS[locale];
  out(
    `${w.rows}: ${report.rows}; ${w.created}: ${report.created}, ${w.updated}: ${report.updated}, ` +
      `${w.unchanged}: ${report.unchanged}, ${w.rejected}: ${report.rejected}`,
  );
  const lines = (list: ImportLineProblems[]) => {
    for (const row of list) {
      const problems = row.problems.map((p) => `${p.column ?? p.field ?? ''}: ${p.message}`).join('; ');
      out(`  ${w.line} ${row.line}: ${problems}`);
    }
  };
  if (report.rejectedRows.length) {
    out(`${w.rejected}:`);
    lines(report.rejectedRows);
  }
  if (report.warnings.length) {
    out(`${w.warnings}:`);
    lines(report.warnings);
  }
  if (report.dryRun) out(w.dryRun);
}
