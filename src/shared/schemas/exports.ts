import { z } from 'zod';

/** `?format=` of every list's export (GET /api/v1/<list>/export). */
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export const exportFormatQuery = { format: z.enum(EXPORT_FORMATS).default('csv') };
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
