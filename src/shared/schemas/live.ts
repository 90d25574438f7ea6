import { z } from 'zod';
import { callSchema } from './telephony.js';
import { docTypeSchema } from './card-files.js';
import { notificationSchema } from './notifications.js';

/**
 * What the server pushes to a signed-in browser over `GET /api/v1/live` (Server-Sent Events: the
 * SSE event name is `type`, its data the whole message as JSON). Later modules add their types.
 */
export const liveMessage = z.discriminatedUnion('type', [
  /** An incoming call rings at the user's phone: the screen pop. */
  z.object({ type: z.literal('call.incoming'), call: callSchema }),
  /** A call of the user's ended (the pop closes; `eventId` is its logged event, if any). */
  z.object({ type: z.literal('call.finished'), callId: z.number(), eventId: z.number().nullable() }),
  /**
   * New notifications for the user: the newest, rendered in the user's language, and how many
   * more came with it (a bulk change sends one message per user, not one per notification).
   */
  z.object({ type: z.literal('notification.new'), notification: notificationSchema, more: z.number() }),
  /**
   * The electronic queue moved (a ticket issued, called, finished…) in these services: open
   * operator panels and queue pages refresh.
   */
  z.object({ type: z.literal('queue.changed'), serviceIds: z.array(z.number()) }),
  /** The user read notifications (in another tab or browser): the bell refreshes its count. */
  z.object({ type: z.literal('notifications.read') }),
  /**
   * Documents changed (by anyone): open lists and cards of them refresh through the API. Only ids
   * the user may read are sent. A deletion goes to everyone with `ids: []` (deleted documents
   * cannot be checked any more, so their ids are not told): some documents of this type were
   * deleted, every list and card of the type refreshes.
   */
  z.object({
    type: z.literal('docs.changed'),
    docType: docTypeSchema,
    action: z.enum(['created', 'updated', 'deleted']),
    ids: z.array(z.number()),
  }),
]);
export type LiveMessage = z.infer<typeof liveMessage>;
