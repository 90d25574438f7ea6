import { z } from 'zod';
import { timestampSchema } from './common.js';

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone name, e.g. Europe/Kyiv. */
export const timeZoneSchema = z.string().trim().min(1, 'required').max(64).refine(isTimeZone, 'time_zone');

export const enterprise = z
  .object({
    timeZone: timeZoneSchema.meta({ description: 'Used for numbering periods, dates and call records' }),
    updatedAt: timestampSchema,
  })
  .meta({ id: 'Enterprise' });
export type Enterprise = z.infer<typeof enterprise>;

export const updateEnterpriseRequest = z.strictObject({ timeZone: timeZoneSchema });
