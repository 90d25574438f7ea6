import { z } from 'zod';
import { docTypeSchema } from './card-files.js';
import { idSchema, text, timestampSchema } from './common.js';

/**
 * Outgoing webhooks (Администратор → Вебхуки): URLs told of document events. Every delivery is a
 * POST of JSON signed with the webhook's secret:
 *   X-Kartoteka-Event: task.status_changed
 *   X-Kartoteka-Delivery: <delivery id>
 *   X-Kartoteka-Timestamp: <unix seconds>
 *   X-Kartoteka-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">
 * retried with backoff until the endpoint answers 2xx, and logged with its status.
 */

export const WEBHOOK_ACTIONS = ['created', 'updated', 'status_changed', 'deleted'] as const;
export const webhookActionSchema = z.enum(WEBHOOK_ACTIONS);
export type WebhookAction = z.infer<typeof webhookActionSchema>;

export const DELIVERY_STATUSES = ['pending', 'sending', 'delivered', 'failed'] as const;
export const deliveryStatusSchema = z.enum(DELIVERY_STATUSES);
export type DeliveryStatus = z.infer<typeof deliveryStatusSchema>;

const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .url('url')
  .refine((u) => /^https?:\/\//i.test(u), 'url');

export const webhookSchema = z
  .object({
    id: z.number(),
    name: z.string(),
    url: z.string(),
    /** [] = every action / every document type */
    events: z.array(webhookActionSchema),
    docTypes: z.array(docTypeSchema),
    isActive: z.boolean(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    /** Deliveries waiting or retrying, and given up. */
    pending: z.number(),
    failed: z.number(),
    lastDelivery: z
      .object({ status: deliveryStatusSchema, statusCode: z.number().nullable(), at: timestampSchema })
      .nullable(),
  })
  .meta({ id: 'Webhook' });
export type Webhook = z.infer<typeof webhookSchema>;

export const createWebhookRequest = z.strictObject({
  name: text(200).min(1, 'required'),
  url: httpUrl,
  events: z.array(webhookActionSchema).max(WEBHOOK_ACTIONS.length).default([]),
  docTypes: z.array(docTypeSchema).max(4).default([]),
  isActive: z.boolean().default(true),
  /** Omitted: the server makes one. Either way it is shown once, in the answer. */
  secret: z.string().min(16, 'secret_short').max(200).optional(),
});
export type CreateWebhookRequest = z.output<typeof createWebhookRequest>;

export const updateWebhookRequest = z.strictObject({
  name: text(200).min(1, 'required').optional(),
  url: httpUrl.optional(),
  events: z.array(webhookActionSchema).max(WEBHOOK_ACTIONS.length).optional(),
  docTypes: z.array(docTypeSchema).max(4).optional(),
  isActive: z.boolean().optional(),
  /** true: a new secret is made and shown once. */
  rotateSecret: z.boolean().optional(),
});
export type UpdateWebhookRequest = z.output<typeof updateWebhookRequest>;

/** The answer to create and to a secret rotation: the only time the secret is shown. */
export const webhookWithSecret = webhookSchema
  .extend({ secret: z.string().nullable() })
  .meta({ id: 'WebhookWithSecret' });

export const webhookList = z.object({ items: z.array(webhookSchema) });

export const webhookDelivery = z
  .object({
    id: z.number(),
    webhookId: z.number(),
    event: z.string(),
    /** null for a ping */
    docType: docTypeSchema.nullable(),
    docId: z.number().nullable(),
    status: deliveryStatusSchema,
    attempts: z.number(),
    nextAttemptAt: timestampSchema.nullable(),
    lastStatusCode: z.number().nullable(),
    lastError: z.string().nullable(),
    durationMs: z.number().nullable(),
    createdAt: timestampSchema,
    deliveredAt: timestampSchema.nullable(),
    /** The JSON body sent. */
    payload: z.string(),
  })
  .meta({ id: 'WebhookDelivery' });
export type WebhookDelivery = z.infer<typeof webhookDelivery>;

export const webhookDeliveryQuery = z.strictObject({
  status: deliveryStatusSchema.optional(),
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const webhookDeliveryPage = z.object({
  items: z.array(webhookDelivery),
  nextCursor: z.string().nullable(),
});

export const webhookDeliveryParams = z.strictObject({ id: idSchema, deliveryId: idSchema });
