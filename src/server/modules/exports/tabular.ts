import { PassThrough, Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Locale } from '../../../shared/locale.js';
import type { ExportFormat } from '../../../shared/schemas/exports.js';
import { requestLocale } from '../../http/locale.js';

export type ExportCell = string | number | boolean | null;

/** A column of an exported list: its header in each UI language and how a row gives its cell. */
export interface ExportColumn<R> {
  header: Record<Locale, string>;
  value: (row: R) => ExportCell;
}

const YES_NO: Record<Locale, [string, string]> = {
  ru: ['да', 'нет'],
  uk: ['так', 'ні'],
  en: ['yes', 'no'],
};

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * Streams a list as CSV (UTF-8 with BOM, `;`-separated for spreadsheet programs) or XLSX,
 * with headers in the caller's language. `pages` yields the rows page by page (the list's own
 * keyset pages with the caller's filter), so memory stays flat for any size. `fileName` is the
 * download's name without the extension.
 */
export async function sendExport<R>(
  req: FastifyRequest,
  reply: FastifyReply,
  opts: { format: ExportFormat; fileName: string; columns: ExportColumn<R>[]; pages: AsyncIterable<R[]> },
): Promise<FastifyReply> {
  const locale = requestLocale(req);
  const body = opts.format === 'csv' ? csvStream(opts, locale) : xlsxStream(opts, locale);
  return reply
    .header('content-type', CONTENT_TYPES[opts.format])
    .header('content-disposition', contentDisposition(`${opts.fileName}.${opts.format}`))
    .header('cache-control', 'no-store')
    .send(body);
}

/** `attachment` with an ASCII fallback name and the real one per RFC 5987 (UTF-8, percent-encoded). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

function cellText(value: ExportCell, locale: Locale): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return YES_NO[locale][value ? 0 : 1];
  return String(value);
}

/**
 * One CSV field (RFC 4180): quoted when it holds the separator, a quote or a line break. Text that a
 * spreadsheet would run as a formula (= + - @, and tab/CR that some programs strip first) gets a
 * leading apostrophe; numbers are written as numbers.
 */
export function csvField(value: ExportCell, locale: Locale): string {
  let s = cellText(value, locale);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[;"\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function csvStream<R>(
  opts: { columns: ExportColumn<R>[]; pages: AsyncIterable<R[]> },
  locale: Locale,
): Readable {
  const line = (cells: ExportCell[]) => cells.map((c) => csvField(c, locale)).join(';') + '\r\n';
  async function* lines() {
    yield '\uFEFF' + line(opts.columns.map((c) => c.header[locale]));
    for await (const page of opts.pages) {
      yield page.map((row) => line(opts.columns.map((c) => c.value(row)))).join('');
    }
  }
  return Readable.from(lines(), { objectMode: false });
}

function xlsxStream<R>(
  opts: { columns: ExportColumn<R>[]; pages: AsyncIterable<R[]> },
  locale: Locale,
): PassThrough {
  const out = new PassThrough();
  const write = async () => {
    // Loaded on first use: exceljs is large, and most processes never write a workbook.
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: true,
      useSharedStrings: false,
    });
    const sheet = workbook.addWorksheet('Export', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = opts.columns.map((c) => ({
      header: c.header[locale],
      width: Math.min(60, Math.max(12, c.header[locale].length + 2)),
    }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    for await (const page of opts.pages) {
      for (const row of page) {
        sheet
          .addRow(
            opts.columns.map((c) => {
              const v = c.value(row);
              return typeof v === 'boolean' ? cellText(v, locale) : v;
            }),
          )
          .commit();
      }
    }
    sheet.commit();
    await workbook.commit();
  };
  // A failure half-way ends the download with an error rather than a truncated file.
  write().catch((e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))));
  return out;
}
