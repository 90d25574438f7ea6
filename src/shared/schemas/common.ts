import { z } from 'zod';
import { LOCALES } from '../locale.js';

export const idSchema = z.coerce.number().int().positive();
export const idParams = z.strictObject({ id: idSchema });
export const localeSchema = z.enum(LOCALES);
export const timestampSchema = z.string().meta({ format: 'date-time' });
export const okSchema = z.object({ ok: z.literal(true) });

/** Trimmed text; empty input becomes ''. */
export const text = (max: number) => z.string().trim().max(max);
export const requiredText = (max: number) => z.string().trim().min(1, 'required').max(max);
