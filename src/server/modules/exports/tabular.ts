import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Locale } from '../../../shared/locale.js';
import type { ExportFormat } from '../../../shared/schemas/exports.js';

export type ExportCell = string | number | boolean | null;

/** A column of an exported list: its header in each UI language and how a row gives its cell. */
export interface ExportColumn<R> {
  header: Record<Locale, string>;
  value: (row: R) => ExportCell;
}

/**
 * CONTRACT: streams a list as CSV (UTF-8 with BOM, `;`-separated for spreadsheet programs) or XLSX,
 * with headers in the caller's language. `pages` yields the rows page by page (the list's own
 * keyset pages with the caller's filter), so memory stays flat for any size.
 */
export function sendExport<R>(
  req: FastifyRequest,
  reply: FastifyReply,
  opts: { format: ExportFormat; fileName: string; columns: ExportColumn<R>[]; pages: AsyncIterable<R[]> },
): Promise<FastifyReply> {
  throw new Error(`not implemented ${String(req)} ${String(reply)} ${String(opts)}`);
}
