import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { DB } from '../../db/schema.js';
import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import type { BackgroundJob } from '../../jobs.js';
import { AppError } from '../../http/errors.js';
import { errorMessages, format, type ErrorCode } from '../../http/messages.js';
import { DEFAULT_LOCALE, type Locale } from '../../../shared/locale.js';
import type { CallImportReport } from '../../../shared/schemas/telephony.js';
import type { CallInput } from './call-input.js';
import { classifyCdr, isLineProblem, type ClassifyContext } from './cdr-classify.js';
import { identityOf, listDirectory, listSources, readHead, readLines, type CdrSource } from './cdr-files.js';
import { detectLayout, isUsable, storedLayout, type CdrLayout } from './cdr-formats.js';
import { parseCdrLine } from './cdr-line.js';
import { failureLine, statusLine } from './cdr-report.js';
import { localToUtc } from './cdr-time.js';

/** Calls per store: one transaction each, and the file's position saved after it. */
const BATCH = 1000;
const MAX_PROBLEMS = 100;
/** When the settings cannot be read, the job looks again after this long. */
const FALLBACK_POLL_SECONDS = 60;
/** A file not written to for this long is finished: its last line needs no line end. */
const QUIET_MS = 60_000;

export interface ImportOptions {
  onProgress?: (done: number, total: number) => void;
  /** The language of the problems' messages (the job's: Russian). */
  locale?: Locale;
  /** The named files are finished exports (the CLI's): a last line without its line end is read too. */
  finished?: boolean;
}

/** A file to read; `knownOnly`: a rotated file, read only as the file a row already knows. */
interface Source extends CdrSource {
  knownOnly?: true;
}

/** Where to read a file from, and how. */
interface Resume {
  id: number;
  start: number;
  line: number;
  layout: CdrLayout;
  finished: boolean;
}

/** One run: its settings, what it found so far, and how far it got in bytes. */
interface Run {
  ctx: ClassifyContext;
  cdrColumns: string;
  locale: Locale;
  finished: boolean;
  report: CallImportReport;
  done: number;
  total: number;
  onProgress: (done: number, total: number) => void;
}

/**
 * Loads call records (Asterisk Master.csv, FreePBX CSV, a configured layout) from files:
 * incrementally (file identity + offset) and idempotently (CallsService.store dedupes).
 * As a background job it polls the settings' path at their interval while loading is on.
 *
 * Each file is found again by its identity (device:inode and the hash of its first line) in
 * telephony_import_files: a rotated file continues under its new name (also beside a named
 * file, see withRotated), a truncated or replaced one is read from the start, a file that grew is read from where the last run stopped. The
 * position is saved after each stored batch, so a crash re-reads at most one batch, which the
 * store then reports as duplicates.
 */
export class CallImportService implements BackgroundJob {
  private readonly db: Kysely<DB>;
  private log: FastifyBaseLogger | null = null;
  private running = false;
  private stopping = false;
  private timer: NodeJS.Timeout | null = null;
  /** The job's current poll, from reading the settings to recording the result. */
  private ticking: Promise<void> = Promise.resolve();
  /** The run in hand: runs never overlap, whoever asks (the job, the button, the CLI). */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
  }

  useLogger(log: FastifyBaseLogger): void {
    this.log = log;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = false;
    this.ticking = this.tick();
  }

  /**
   * Stops polling; a run in hand ends after its current batch (its position is saved). Waits
   * for the poll too, also while it is still reading the settings: the database closes next.
   */
  async stop(): Promise<void> {
    this.running = false;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.ticking;
    await this.chain;
  }

  /** Imports the given files (or directories) now; `onProgress` gets bytes done and total. */
  async importPaths(paths: string[], opts: ImportOptions = {}): Promise<CallImportReport> {
    return this.exclusive(() => this.run(paths, opts));
  }

  /**
   * One run over the settings' path (the «Загрузить сейчас» button and the job), also when
   * periodic loading is off; records the result on the settings page. A run in hand is waited
   * for, then this one reads whatever it left.
   */
  async importNow(opts: { locale?: Locale } = {}): Promise<CallImportReport> {
    const { sourcePath } = await this.services.telephonySettings.get();
    if (!sourcePath)
      throw new AppError(
        400,
        'validation_failed',
        {},
        { in: 'body', fields: [{ path: 'sourcePath', code: 'telephony_path_required' }] },
      );
    return this.runAndRecord(sourcePath, opts.locale ?? DEFAULT_LOCALE);
  }

  /* -------------------------------------------------------------- the job */

  private async tick(): Promise<void> {
    let interval = FALLBACK_POLL_SECONDS;
    try {
      const settings = await this.services.telephonySettings.get();
      interval = settings.pollIntervalSeconds;
      if (this.running && settings.isLoadingEnabled && settings.sourcePath)
        await this.runAndRecord(settings.sourcePath, DEFAULT_LOCALE, () => this.running);
    } catch (err) {
      this.log?.error({ err }, 'call-record import failed');
    } finally {
      if (this.running)
        this.timer = setTimeout(() => {
          this.ticking = this.tick();
        }, interval * 1000);
    }
  }

  /** A run recorded on the settings page; `wanted` is asked once the run's turn comes. */
  private async runAndRecord(
    sourcePath: string,
    locale: Locale,
    wanted: () => boolean = () => true,
  ): Promise<CallImportReport> {
    try {
      const report = await this.exclusive(async () => {
        // The job stopped while a run of the button's was in hand: no run, nothing to record.
        if (!wanted()) return null;
        return this.run([sourcePath], { locale });
      });
      if (!report) return emptyReport();
      // The status line is read by everyone on the settings page: in the product's language.
      await this.services.telephonySettings.recordImport(statusLine(report, DEFAULT_LOCALE));
      return report;
    } catch (err) {
      const message =
        err instanceof AppError
          ? format(errorMessages[err.code][DEFAULT_LOCALE], err.params)
          : (err as Error).message;
      await this.services.telephonySettings
        .recordImport(failureLine(message, DEFAULT_LOCALE))
        .catch(() => undefined);
      throw err;
    }
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /* -------------------------------------------------------------- a run */

  private async run(paths: string[], opts: ImportOptions): Promise<CallImportReport> {
    const settings = await this.services.telephonySettings.get();
    const sip = await this.services.userParameters.sipDirectory();
    let listed: CdrSource[];
    try {
      listed = await listSources(paths);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      throw new AppError(409, 'telephony_source_unreadable', {
        path: err.path ?? paths.join(', '),
        reason: err.code ?? err.message,
      });
    }
    const sources = await this.withRotated(listed);
    const known = await this.positions(sources.map((s) => s.identity));
    const run: Run = {
      ctx: {
        sipNumbers: new Set(sip.keys()),
        minNumberLength: settings.minNumberLength,
        toUtc: localToUtc(settings.timeZone),
      },
      cdrColumns: settings.cdrColumns,
      locale: opts.locale ?? DEFAULT_LOCALE,
      finished: opts.finished ?? false,
      report: emptyReport(),
      done: 0,
      // An estimate for the progress bar: what lies past each known file's position.
      total: sources.reduce((sum, s) => {
        const at = known.get(s.identity) ?? 0;
        return sum + s.size - (at <= s.size ? at : 0);
      }, 0),
      onProgress: opts.onProgress ?? (() => undefined),
    };
    for (const source of sources) {
      if (this.stopping) break;
      await this.importFile(source, run);
    }
    run.onProgress(Math.max(run.done, run.total), Math.max(run.done, run.total));
    return run.report;
  }

  /**
   * Each named file with, before it, the files of its directory that a row knows (by identity)
   * and that have grown past the row's position, oldest first: logrotate renamed Master.csv to
   * Master.csv.1 after the last run, the PBX wrote more to it and then began a new Master.csv.
   * The directory's other files are not the named file's and are left alone.
   */
  private async withRotated(sources: CdrSource[]): Promise<Source[]> {
    const listed = new Set(sources.map((s) => s.identity));
    const out: Source[] = [];
    for (const source of sources) {
      if (source.named) {
        // A directory that cannot be listed hides only the rotated files: the named one is read.
        const all = await listDirectory(path.dirname(source.path)).catch(() => []);
        const siblings = all.filter((s) => !listed.has(s.identity));
        const known = await this.positions(siblings.map((s) => s.identity));
        for (const s of siblings) {
          const at = known.get(s.identity);
          if (at === undefined || s.size <= at) continue;
          listed.add(s.identity);
          out.push({ ...s, knownOnly: true });
        }
      }
      out.push(source);
    }
    return out;
  }

  /** The saved position of each known file identity. */
  private async positions(identities: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (let i = 0; i < identities.length; i += 500) {
      const rows = await this.db
        .selectFrom('telephony_import_files')
        .select(['identity', 'byte_offset'])
        .where('identity', 'in', identities.slice(i, i + 500))
        .execute();
      for (const r of rows) out.set(r.identity, r.byte_offset);
    }
    return out;
  }

  private problem(
    run: Run,
    file: string,
    line: number,
    code: ErrorCode,
    params: Record<string, unknown>,
  ): void {
    if (run.report.problems.length < MAX_PROBLEMS)
      run.report.problems.push({
        file,
        line,
        code,
        message: format(errorMessages[code][run.locale], params),
      });
  }

  private async importFile(source: Source, run: Run): Promise<void> {
    const file = source.path;
    let fh: FileHandle;
    try {
      fh = await open(file, 'r');
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      this.problem(run, file, 0, 'telephony_source_unreadable', {
        path: file,
        reason: err.code ?? err.message,
      });
      return;
    }
    try {
      const position = await this.resume(fh, source, run);
      if (position || !source.knownOnly) run.report.files++;
      if (position) await this.readFrom(fh, file, position, run);
    } finally {
      await fh.close();
    }
  }

  /**
   * Where to read the file from and with which layout, its row created or brought up to date:
   * the saved position when it is the same file (identity and first line) not shorter than
   * that; else from the start, the layout detected from the first line. Null: nothing to read
   * (no complete line yet, a header without the needed columns, or a rotated file that is not
   * the one its row knows). A file nobody writes to any more (or a finished export) ends with
   * its last line also without a line end.
   */
  private async resume(fh: FileHandle, source: Source, run: Run, raced = false): Promise<Resume | null> {
    const file = source.path;
    const stat = await fh.stat();
    const finished = (source.named && run.finished) || Date.now() - stat.mtimeMs > QUIET_MS;
    const identity = identityOf(stat);
    const head = await readHead(fh, finished);
    if (!head) return null;
    const row = await this.db
      .selectFrom('telephony_import_files')
      .selectAll()
      .where('identity', '=', identity)
      .executeTakeFirst();
    const now = new Date().toISOString();
    if (row && row.head_hash === head.hash && row.byte_offset <= stat.size) {
      const layout = storedLayout(row.format, row.header);
      if (layout) {
        if (row.path !== file)
          await this.db
            .updateTable('telephony_import_files')
            .set({ path: file, updated_at: now })
            .where('id', '=', row.id)
            .execute();
        return { id: row.id, start: row.byte_offset, line: row.line_number, layout, finished };
      }
    }
    // Rewritten, truncated, or another file under a reused inode: not the rotated file.
    if (source.knownOnly) return null;
    const layout = detectLayout(head.text, run.cdrColumns);
    if (layout.format === 'freepbx' && !isUsable(layout)) {
      this.problem(run, file, 1, 'cdr_header_incomplete', {});
      return null;
    }
    const hasHeader = layout.format === 'freepbx';
    const values = {
      identity,
      head_hash: head.hash,
      path: file,
      byte_offset: hasHeader ? head.bytes : 0,
      line_number: hasHeader ? 1 : 0,
      format: layout.format,
      header: hasHeader ? head.text : layout.format === 'custom' ? run.cdrColumns : '',
      updated_at: now,
    };
    let id: number;
    if (row) {
      await this.db.updateTable('telephony_import_files').set(values).where('id', '=', row.id).execute();
      id = row.id;
    } else {
      const inserted = await this.db
        .insertInto('telephony_import_files')
        .values(values)
        .onConflict((oc) => oc.column('identity').doNothing())
        .returning('id')
        .executeTakeFirst();
      // Another process met the file at the same moment: go on from its row, as with any known file.
      if (!inserted) return raced ? null : this.resume(fh, source, run, true);
      id = inserted.id;
    }
    run.done += values.byte_offset;
    return { id, start: values.byte_offset, line: values.line_number, layout, finished };
  }

  /** Reads the file's complete lines from the position, storing calls a batch at a time. */
  private async readFrom(fh: FileHandle, file: string, at: Resume, run: Run): Promise<void> {
    const { layout } = at;
    const report = run.report;
    let lineNo = at.line;
    let batch: CallInput[] = [];
    let saved = { offset: at.start, line: at.line };
    let reached = saved;
    const flush = async () => {
      if (batch.length) {
        const result = await this.services.calls.store(batch);
        report.stored += result.stored;
        report.duplicates += result.duplicates;
        report.internal += result.internal;
        batch = [];
      }
      if (reached.offset === saved.offset) return;
      await this.db
        .updateTable('telephony_import_files')
        .set({ byte_offset: reached.offset, line_number: reached.line, updated_at: new Date().toISOString() })
        .where('id', '=', at.id)
        .execute();
      saved = reached;
    };
    const startOffset = at.start;
    for await (const lines of readLines(fh, at.start, at.finished)) {
      for (const { text: raw, end } of lines) {
        lineNo++;
        reached = { offset: end, line: lineNo };
        const text = lineNo === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
        if (text.trim() === '') continue;
        report.lines++;
        const fields = parseCdrLine(text, layout.delimiter);
        if (!fields) {
          this.reject(run, file, lineNo, 'cdr_quotes', {});
          continue;
        }
        const columns = layout.byCount.get(fields.length);
        if (!columns) {
          this.reject(run, file, lineNo, 'cdr_column_count', {
            count: fields.length,
            expected: layout.expected,
          });
          continue;
        }
        const call = classifyCdr(fields, columns, text, run.ctx);
        if (isLineProblem(call)) {
          this.reject(run, file, lineNo, call.code, call.params);
          continue;
        }
        batch.push(call);
        if (batch.length >= BATCH) await flush();
      }
      run.onProgress(run.done + reached.offset - startOffset, run.total);
      if (this.stopping) break;
    }
    await flush();
    run.done += saved.offset - startOffset;
  }

  private reject(
    run: Run,
    file: string,
    line: number,
    code: ErrorCode,
    params: Record<string, unknown>,
  ): void {
    run.report.rejected++;
    this.problem(run, file, line, code, params);
  }
}

function emptyReport(): CallImportReport {
  return { files: 0, lines: 0, stored: 0, duplicates: 0, internal: 0, rejected: 0, problems: [] };
}
