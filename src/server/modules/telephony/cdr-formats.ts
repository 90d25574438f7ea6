import { CDR_FIELDS, MASTER_CSV_COLUMNS } from '../../../shared/schemas/telephony.js';
import { parseCdrLine } from './cdr-line.js';

/**
 * The layouts of call-record files: where each known column is in a line.
 *
 * - master: Asterisk cdr_csv Master.csv, no header; 16 columns, then uniqueid (17), userfield
 *   (18), then peeraccount, linkedid, sequence (21).
 * - freepbx: a CSV with a header row (FreePBX / asteriskcdrdb exports); columns by name.
 * - custom: header-less files of other PBXs laid out as the settings' cdrColumns say.
 */
export type CdrFormat = 'master' | 'freepbx' | 'custom';

export type CdrField = (typeof CDR_FIELDS)[number];

/** Column positions of the fields a line is read for (-1: the file has no such column). */
export type CdrColumns = Record<CdrField, number>;

export interface CdrLayout {
  format: CdrFormat;
  delimiter: string;
  /** Column counts a line may have, each with its positions. */
  byCount: Map<number, CdrColumns>;
  /** For the report: the counts a line should have. */
  expected: string;
}

const MASTER_BASE = MASTER_CSV_COLUMNS;
const MASTER_LAYOUTS: readonly (readonly string[])[] = [
  MASTER_BASE,
  [...MASTER_BASE, 'uniqueid'],
  [...MASTER_BASE, 'uniqueid', 'userfield'],
  [...MASTER_BASE, 'uniqueid', 'userfield', 'peeraccount', 'linkedid', 'sequence'],
];

/** Header names that tell a header row (FreePBX has a few columns Asterisk's list lacks). */
const HEADER_NAMES = new Set<string>([...CDR_FIELDS, 'outbound_cnam', 'dst_cnam']);
const KNOWN = new Set<string>(CDR_FIELDS);
const DELIMITERS = [',', ';', '\t'];

function columnsOf(names: readonly string[]): CdrColumns {
  const columns = Object.fromEntries(CDR_FIELDS.map((f) => [f, -1])) as CdrColumns;
  names.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    // The first column of a name wins: later duplicates are ignored like unknown names.
    if (KNOWN.has(name) && columns[name as CdrField] === -1) columns[name as CdrField] = i;
  });
  return columns;
}

const hasRequired = (c: CdrColumns) => c.src >= 0 && c.dst >= 0 && (c.start >= 0 || c.calldate >= 0);

export const masterLayout: CdrLayout = {
  format: 'master',
  delimiter: ',',
  byCount: new Map(MASTER_LAYOUTS.map((names) => [names.length, columnsOf(names)])),
  expected: MASTER_LAYOUTS.map((l) => l.length).join(', '),
};

/** The layout of the settings' cdrColumns ('src,dst,-,start,…'). */
export function customLayout(cdrColumns: string): CdrLayout {
  const names = cdrColumns.split(',');
  return {
    format: 'custom',
    delimiter: ',',
    byCount: new Map([[names.length, columnsOf(names)]]),
    expected: String(names.length),
  };
}

/**
 * A header row's layout when the line is one: mostly known column names (in any case), with
 * the delimiter that makes it so. Null for a data line.
 */
export function headerLayout(line: string): CdrLayout | null {
  const text = line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
  for (const delimiter of DELIMITERS) {
    if (!text.includes(delimiter)) continue;
    const names = parseCdrLine(text, delimiter);
    if (!names || names.length < 3) continue;
    const known = names.filter((n) => HEADER_NAMES.has(n.trim().toLowerCase())).length;
    if (known * 2 > names.length)
      return {
        format: 'freepbx',
        delimiter,
        byCount: new Map([[names.length, columnsOf(names)]]),
        expected: String(names.length),
      };
  }
  return null;
}

/** Whether a header row names the columns a call needs (src, dst, start or calldate). */
export function isUsable(layout: CdrLayout): boolean {
  return [...layout.byCount.values()].every(hasRequired);
}

/**
 * The layout of a file from its first line, for a file read from its start: a header row wins;
 * a header-less file is laid out as the settings say, else as Asterisk's Master.csv.
 */
export function detectLayout(firstLine: string, cdrColumns: string): CdrLayout {
  return headerLayout(firstLine) ?? (cdrColumns.trim() ? customLayout(cdrColumns) : masterLayout);
}

/** The layout a file was read with, from what its row keeps (format and header). */
export function storedLayout(format: string, header: string): CdrLayout | null {
  if (format === 'master') return masterLayout;
  if (format === 'custom' && header) return customLayout(header);
  if (format === 'freepbx') return headerLayout(header);
  return null;
}
