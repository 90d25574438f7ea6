import { z } from 'zod';

/** Client import from CSV / XLSX: POST /api/v1/clients/import/preview and /api/v1/clients/import. */

/** What a column of the file can be: a client's field, or one contact person's. */
export const IMPORT_FIELDS = [
  'externalId',
  'kind',
  'name',
  'shortName',
  'taxId',
  'phones',
  'emails',
  'address',
  'legalAddress',
  'website',
  'tags',
  'notes',
  'contactName',
  'contactPosition',
  'contactPhones',
  'contactEmails',
] as const;
export const importFieldSchema = z.enum(IMPORT_FIELDS);
export type ImportField = z.infer<typeof importFieldSchema>;

export const CSV_DELIMITERS = [';', ',', '\t'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];
export const FILE_ENCODINGS = ['auto', 'utf-8', 'windows-1251'] as const;
export type FileEncoding = (typeof FILE_ENCODINGS)[number];

/** The file as base64 is about 4/3 of its size: 30 MB of JSON carry a file of about 22 MB. */
export const IMPORT_BODY_LIMIT = 30 * 1024 * 1024;

/** Field → the column it is read from: its number (from 0) or its header text. */
export const importMapping = z.partialRecord(
  importFieldSchema,
  z.union([z.number().int().min(0), z.string().trim().min(1).max(500)]),
);
export type ImportMapping = z.infer<typeof importMapping>;

export const importFileRequest = z.strictObject({
  fileName: z.string().trim().max(500).default(''),
  contentBase64: z.string().min(1, 'required').max(IMPORT_BODY_LIMIT),
  /** Without it, the suggested mapping (headers recognised in Russian, Ukrainian or English). */
  mapping: importMapping.optional(),
  /** CSV only: detected when absent. */
  delimiter: z.enum(CSV_DELIMITERS).optional(),
  /** CSV only: UTF-8 when the file is valid UTF-8, else Windows-1251. */
  encoding: z.enum(FILE_ENCODINGS).default('auto'),
  /** XLSX only: the worksheet; the first one when absent. */
  sheet: z.string().max(200).optional(),
  /** Check and count everything, save nothing. */
  dryRun: z.boolean().default(false),
});
export type ImportFileRequest = z.input<typeof importFileRequest>;

export const importPreview = z
  .object({
    format: z.enum(['csv', 'xlsx']),
    encoding: z.enum(['utf-8', 'windows-1251']).nullable(),
    delimiter: z.enum(CSV_DELIMITERS).nullable(),
    sheets: z.array(z.string()),
    sheet: z.string().nullable(),
    columns: z.array(z.object({ index: z.number(), header: z.string() })),
    suggestedMapping: z.partialRecord(importFieldSchema, z.number()),
    /** The first rows, with their line numbers in the file. */
    rows: z.array(z.object({ line: z.number(), cells: z.array(z.string()) })),
    totalRows: z.number(),
  })
  .meta({ id: 'ImportPreview' });
export type ImportPreview = z.infer<typeof importPreview>;

export const importProblem = z.object({
  field: importFieldSchema.nullable(),
  /** The header of the column the value came from. */
  column: z.string().nullable(),
  code: z.string(),
  message: z.string(),
});
export type ImportProblem = z.infer<typeof importProblem>;

export const importLineProblems = z.object({
  /** The line of the file (1-based, the header line counted; the row number in XLSX). */
  line: z.number(),
  problems: z.array(importProblem),
});
export type ImportLineProblems = z.infer<typeof importLineProblems>;

export const importReport = z
  .object({
    dryRun: z.boolean(),
    /** Data rows read (empty rows not counted). */
    rows: z.number(),
    /** Clients added, changed, found with nothing to change. */
    created: z.number(),
    updated: z.number(),
    unchanged: z.number(),
    /** Rows not imported, each with its line and reasons. */
    rejected: z.number(),
    rejectedRows: z.array(importLineProblems),
    /** Imported rows with something to check (a tax id whose check digit is wrong). */
    warnings: z.array(importLineProblems),
  })
  .meta({ id: 'ImportReport' });
export type ImportReport = z.infer<typeof importReport>;
