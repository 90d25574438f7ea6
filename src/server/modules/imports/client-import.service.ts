import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import type { Locale } from '../../../shared/locale.js';
import type {
  ImportField,
  ImportLineProblems,
  ImportMapping,
  ImportPreview,
  ImportReport,
  CsvDelimiter,
  FileEncoding,
} from '../../../shared/schemas/imports.js';
import { AppError } from '../../http/errors.js';
import { fieldMessages } from '../../http/messages.js';
import type { Viewer } from '../access/viewer.js';
import { ClientBulkWrite, type BulkClient } from '../clients/client-bulk-write.js';
import { DEFAULT_MAX_ROWS, readTable, type Table } from './table-file.js';
import { resolveMapping, suggestMapping } from './client-columns.js';
import { groupKey, parseRow } from './client-rows.js';

export interface ImportFile {
  content: Buffer;
  delimiter?: CsvDelimiter | undefined;
  encoding?: FileEncoding | undefined;
  sheet?: string | undefined;
}

export interface ImportOptions {
  mapping?: ImportMapping | undefined;
  dryRun: boolean;
  /** The author of the new clients and of the history lines. */
  userId: number | null;
  /** Whose rights apply: stored clients they may not read or change are not updated (see `run`). */
  viewer: Viewer;
  locale: Locale;
  /** Called after each saved batch with the data rows done and in all. */
  onProgress?: (done: number, total: number) => void;
}

const PREVIEW_ROWS = 20;
const PREVIEW_CELL_CHARS = 1000;
/** Data rows per transaction: long enough for multi-row inserts, short enough not to hold SQLite long. */
const BATCH_ROWS = 1000;

/** Clients from CSV/XLSX: mapping, preview, line-numbered report. */
export class ClientImportService {
  private readonly db: Kysely<DB>;
  private readonly bulk: ClientBulkWrite;
  /** Data rows a file may have; more is refused before the rows fill memory. */
  private readonly maxRows = DEFAULT_MAX_ROWS;
  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
    this.bulk = new ClientBulkWrite(services);
  }

  async preview(file: ImportFile): Promise<ImportPreview> {
    const table = await this.read(file);
    return {
      format: table.format,
      encoding: table.encoding,
      delimiter: table.delimiter,
      sheets: table.sheets,
      sheet: table.sheet,
      columns: table.header.map((header, index) => ({ index, header })),
      suggestedMapping: suggestMapping(table.header),
      // As wide as the header, each text cut: the preview is for recognising the columns.
      rows: table.rows.slice(0, PREVIEW_ROWS).map((r) => ({
        line: r.line,
        cells: table.header.map((_, i) => (r.cells[i] ?? '').slice(0, PREVIEW_CELL_CHARS)),
      })),
      totalRows: table.rows.length,
    };
  }

  /**
   * Imports every valid row and reports every other one with its line. Rows of one client (same
   * external id, else tax id, else name and first phone / e-mail) make one card with a contact
   * person per row; a client already stored is updated rather than added again. One the viewer may
   * not read is not looked at (the rows add a new client, so the report is the same as when
   * nothing matches); the rows of one they may read but not change are rejected.
   */
  async run(file: ImportFile, opts: ImportOptions): Promise<ImportReport> {
    const table = await this.read(file);
    const columns = resolveMapping(opts.mapping ?? suggestMapping(table.header), table.header);
    const country = await this.services.clients.settings.phoneCountry();

    const rejectedRows: ImportLineProblems[] = [];
    const warnings: ImportLineProblems[] = [];
    const groups = new Map<string, { client: BulkClient; lines: number[] }>();
    // Rows with a name but no phone or e-mail join the client of that name met before them.
    const byName = new Map<string, string>();
    for (const row of table.rows) {
      const parsed = parseRow(row, { columns, header: table.header, country, locale: opts.locale });
      if (!parsed.client) {
        rejectedRows.push({ line: parsed.line, problems: parsed.problems });
        continue;
      }
      if (parsed.warnings.length) warnings.push({ line: parsed.line, problems: parsed.warnings });
      const m = parsed.client.match;
      let key = groupKey(m);
      if (m.by === 'name') {
        if (!m.phone && !m.email) key = byName.get(m.name) ?? key;
        if (!byName.has(m.name)) byName.set(m.name, key);
      }
      const group = groups.get(key);
      if (group) {
        group.client = combine(group.client, parsed.client);
        group.lines.push(parsed.line);
      } else groups.set(key, { client: parsed.client, lines: [parsed.line] });
    }

    const report: ImportReport = {
      dryRun: opts.dryRun,
      rows: table.rows.length,
      created: 0,
      updated: 0,
      unchanged: 0,
      rejected: rejectedRows.length,
      rejectedRows,
      warnings,
    };
    const total = table.rows.length;
    let done = rejectedRows.length;
    opts.onProgress?.(done, total);
    const write = { userId: opts.userId, viewer: opts.viewer };
    const deniedLines = new Set<number>();
    for (const batch of batches([...groups.values()])) {
      const clients = batch.map((g) => g.client);
      const outcome = opts.dryRun
        ? await this.bulk.write(this.db, clients, { ...write, dryRun: true })
        : await this.db
            .transaction()
            .execute((trx) => this.bulk.write(trx, clients, { ...write, dryRun: false }));
      report.created += outcome.created;
      report.updated += outcome.updated;
      report.unchanged += outcome.unchanged;
      for (const i of outcome.denied) {
        const { client, lines } = batch[i]!;
        // The column that matched it to the stored client.
        const field: ImportField = client.match.by;
        const at = columns[field];
        for (const line of lines) {
          deniedLines.add(line);
          rejectedRows.push({
            line,
            problems: [
              {
                field,
                column: at === undefined ? null : (table.header[at] ?? null),
                code: 'import_client_not_editable',
                message: fieldMessages.import_client_not_editable[opts.locale],
              },
            ],
          });
        }
      }
      done += batch.reduce((n, g) => n + g.lines.length, 0);
      opts.onProgress?.(done, total);
    }
    if (deniedLines.size) {
      rejectedRows.sort((a, b) => a.line - b.line);
      report.warnings = warnings.filter((w) => !deniedLines.has(w.line));
      report.rejected = rejectedRows.length;
    }
    return report;
  }

  private async read(file: ImportFile): Promise<Table> {
    const table = await readTable(file.content, { ...file, maxRows: this.maxRows });
    if (!table.rows.length) throw new AppError(400, 'import_file_empty');
    return table;
  }
}

/** Groups of about BATCH_ROWS rows, a client's rows never split. */
function* batches<G extends { lines: number[] }>(groups: G[]): Generator<G[]> {
  let batch: G[] = [];
  let rows = 0;
  for (const g of groups) {
    batch.push(g);
    rows += g.lines.length;
    if (rows >= BATCH_ROWS) {
      yield batch;
      batch = [];
      rows = 0;
    }
  }
  if (batch.length) yield batch;
}

/** Two rows of one client: the first given value of each field, every phone, e-mail and contact. */
function combine(a: BulkClient, b: BulkClient): BulkClient {
  return {
    match: a.match,
    externalId: a.externalId ?? b.externalId,
    kind: a.kind ?? b.kind,
    name: a.name,
    shortName: a.shortName ?? b.shortName,
    taxId: a.taxId ?? b.taxId,
    website: a.website ?? b.website,
    notes: a.notes ?? b.notes,
    addresses: [...a.addresses, ...b.addresses],
    tags: [...a.tags, ...b.tags],
    phones: [...a.phones, ...b.phones],
    emails: [...a.emails, ...b.emails],
    contacts: [...a.contacts, ...b.contacts],
  };
}
