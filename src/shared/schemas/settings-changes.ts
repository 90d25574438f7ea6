import { z } from 'zod';
import { idSchema, timestampSchema } from './common.js';

export const SETTINGS_AREAS = [
  'books',
  'numbering',
  'parameters',
  'telephony',
  'enterprise',
  'access',
  'mail',
  'webhooks',
  'calculations',
  'queue',
] as const;
export const settingsAreaSchema = z.enum(SETTINGS_AREAS);
export type SettingsArea = z.infer<typeof settingsAreaSchema>;

/**
 * Areas whose changes only administrators see in the log: their settings are administrators'
 * alone (a webhook's URL may carry the receiver's credentials).
 */
export const ADMIN_ONLY_SETTINGS_AREAS: readonly SettingsArea[] = ['webhooks', 'calculations'];

export const settingsChange = z
  .object({
    id: idSchema,
    area: settingsAreaSchema,
    entity: z.string().meta({ description: 'What was changed, e.g. event_type, numbering_template' }),
    entityId: z.string().nullable(),
    action: z.enum(['create', 'update', 'delete']),
    changes: z
      .record(z.string(), z.object({ old: z.unknown(), new: z.unknown() }))
      .meta({ description: 'Per field: the value before and after' }),
    user: z.object({ id: idSchema, login: z.string() }).nullable(),
    createdAt: timestampSchema,
  })
  .meta({ id: 'SettingsChange' });
export type SettingsChange = z.infer<typeof settingsChange>;

export const settingsChangesQuery = z.strictObject({
  area: settingsAreaSchema.optional(),
  entity: z.string().max(100).optional(),
  entityId: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const settingsChangesPage = z.object({ items: z.array(settingsChange), total: z.number().int() });
