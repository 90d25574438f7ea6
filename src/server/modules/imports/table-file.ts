import { parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { AppError } from '../../http/errors.js';
import type { CsvDelimiter, FileEncoding } from '../../../shared/schemas/imports.js';

/** One data row of a spreadsheet: its line in the file (1-based, the header line counted) and cells. */
export interface TableRow {
  line: number;
  cells: string[];
}

/** A CSV or XLSX file read into a header and rows of text cells. */
export interface Table {
  format: 'csv' | 'xlsx';
  encoding: Exclude<FileEncoding, 'auto'> | null;
  delimiter: CsvDelimiter | null;
  /** The worksheets of an XLSX file; the first one is read unless another is named. */
  sheets: string[];
  sheet: string | null;
  header: string[];
  rows: TableRow[];
}

export interface ReadOptions {
  encoding?: FileEncoding | undefined;
  delimiter?: CsvDelimiter | undefined;
  sheet?: string | undefined;
  /** Data rows read at most (a title line above the header counts as one); more is an error. */
  maxRows?: number | undefined;
}

/**
 * Columns read at most: a cell with text further right makes the file an error. Empty cells at the
 * end of a row are dropped, so a row of a million separators costs nothing.
 */
export const MAX_COLUMNS = 200;
/** Data rows read at most unless the caller says otherwise: memory grows with them. */
export const DEFAULT_MAX_ROWS = 200_000;
/** Header texts are cut to this (a mapping names a header in at most as many characters). */
const HEADER_CHARS = 500;

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const DELIMITERS: CsvDelimiter[] = [';', ',', '\t'];

/** XLSX is a zip archive; anything else is read as CSV, whatever the file is called. */
export async function readTable(content: Buffer, opts: ReadOptions = {}): Promise<Table> {
  const isZip = ZIP_MAGIC.every((b, i) => content[i] === b);
  const maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS;
  return isZip ? readXlsx(content, opts.sheet, maxRows) : readCsv(content, opts, maxRows);
}

function unreadable(reason: string): AppError {
  return new AppError(400, 'import_file_unreadable', { reason });
}

const tooWide = () => new AppError(400, 'import_file_too_wide', { limit: MAX_COLUMNS });
const tooLong = (limit: number) => new AppError(400, 'import_file_too_long', { limit });

/** The cells up to the last non-empty one; an error when that one is beyond MAX_COLUMNS. */
function usedCells(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === '') end--;
  if (end > MAX_COLUMNS) throw tooWide();
  return end === cells.length ? cells : cells.slice(0, end);
}

/**
 * Text of a CSV file: UTF-8 (with or without a BOM) when it is valid UTF-8, else Windows-1251,
 * the usual encoding of spreadsheets saved by Russian and Ukrainian Excel. A BOM followed by
 * Windows-1251 bytes (some converters add one) is dropped too.
 */
export function decodeText(
  content: Buffer,
  encoding: FileEncoding = 'auto',
): { text: string; encoding: 'utf-8' | 'windows-1251' } {
  const bom = content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf;
  const body = bom ? content.subarray(3) : content;
  if (encoding === 'windows-1251') return { text: new TextDecoder('windows-1251').decode(body), encoding };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch (e) {
    if (encoding === 'utf-8') throw unreadable((e as Error).message);
    return { text: new TextDecoder('windows-1251').decode(body), encoding: 'windows-1251' };
  }
}

/** The separator used most (outside quotes) in the first lines; ';' wins ties, as Excel writes it. */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts = new Map<CsvDelimiter, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  let lines = 0;
  for (let i = 0; i < text.length && lines < 20; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '\n') lines++;
    else if (!quoted && counts.has(c as CsvDelimiter))
      counts.set(c as CsvDelimiter, counts.get(c as CsvDelimiter)! + 1);
  }
  let best: CsvDelimiter = ';';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

function readCsv(content: Buffer, opts: ReadOptions, maxRows: number): Table {
  const decoded = decodeText(content, opts.encoding);
  // Files edited on different systems mix CRLF, LF and CR; one kind makes line numbers exact.
  const text = decoded.text.replace(/\r\n?/g, '\n');
  const delimiter = opts.delimiter ?? detectDelimiter(text);
  // A record starts on the line after the one the previous record (empty lines too) ends on.
  let previousEnd = 0;
  const rows: TableRow[] = [];
  try {
    parse(text, {
      delimiter,
      record_delimiter: '\n',
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      // Rows are checked and kept one by one (the parser keeps none), so an oversized file fails
      // before it fills memory.
      on_record: (record, context) => {
        const line = previousEnd + 1;
        previousEnd = context.lines;
        const cells = usedCells(record.map((c) => c.trim()));
        if (cells.length) {
          if (rows.length > maxRows) throw tooLong(maxRows);
          rows.push({ line, cells });
        }
        return null;
      },
    });
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw unreadable((e as Error).message);
  }
  return {
    format: 'csv',
    encoding: decoded.encoding,
    delimiter,
    sheets: [],
    sheet: null,
    ...splitHeader(rows),
  };
}

async function readXlsx(content: Buffer, sheetName: string | undefined, maxRows: number): Promise<Table> {
  // Loaded on first use: exceljs is large, and most processes never read a workbook.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    // exceljs declares its own Buffer type; Node's is the same thing at run time.
    await workbook.xlsx.load(content as unknown as ExcelJS.Buffer);
  } catch (e) {
    throw unreadable((e as Error).message);
  }
  const sheets = workbook.worksheets.map((w) => w.name);
  // Without a name, the first worksheet that holds anything (workbooks often start with an empty one).
  const sheet =
    sheetName === undefined
      ? (workbook.worksheets.find((w) => w.actualRowCount > 0) ?? workbook.worksheets[0])
      : workbook.getWorksheet(sheetName);
  if (!sheet) {
    if (sheetName === undefined) throw unreadable('no worksheets');
    throw new AppError(
      400,
      'validation_failed',
      {},
      {
        fields: [
          {
            path: 'sheet',
            code: 'import_sheet_unknown',
            params: { sheet: sheetName, sheets: sheets.join(', ') },
          },
        ],
      },
    );
  }
  if (sheet.actualRowCount > maxRows + 1) throw tooLong(maxRows);
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    // Only cells that hold something: a sheet formatted to its last column has 16384 of them.
    const cells: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      const text = cellText(cell);
      if (text === '') return;
      if (column > MAX_COLUMNS) throw tooWide();
      while (cells.length < column - 1) cells.push('');
      cells.push(text);
    });
    if (cells.length) rows.push({ line, cells });
  });
  return { format: 'xlsx', encoding: null, delimiter: null, sheets, sheet: sheet.name, ...splitHeader(rows) };
}

/** The text of a cell as the user sees it; a merged range's value is in its top-left cell. */
function cellText(cell: ExcelJS.Cell): string {
  const source = cell.isMerged ? cell.master : cell;
  return valueText(source.value).trim();
}

function valueText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(15)));
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) {
    const iso = v.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if ('richText' in v) return v.richText.map((r) => r.text).join('');
  if ('formula' in v || 'sharedFormula' in v) {
    const result = (v as ExcelJS.CellFormulaValue).result;
    return result === undefined || (typeof result === 'object' && result !== null && 'error' in result)
      ? ''
      : valueText(result as ExcelJS.CellValue);
  }
  if ('hyperlink' in v) return typeof v.text === 'string' ? v.text : valueText(v.text as ExcelJS.CellValue);
  if ('error' in v) return '';
  return '';
}

/**
 * The header is the first row with at least two different texts (a title merged across the
 * columns above it is skipped), else the first row. Rows keep their own width (cells missing at
 * the end read as ''); the header is as wide as the widest row, so every column can be mapped.
 */
function splitHeader(rows: TableRow[]): { header: string[]; rows: TableRow[] } {
  if (!rows.length) return { header: [], rows: [] };
  let at = rows.findIndex((r) => new Set(r.cells.filter((c) => c !== '')).size >= 2);
  if (at === -1) at = 0;
  let width = 0;
  for (const r of rows) width = Math.max(width, r.cells.length);
  const header = Array.from({ length: width }, (_, i) => (rows[at]!.cells[i] ?? '').slice(0, HEADER_CHARS));
  return { header, rows: rows.slice(at + 1) };
}
