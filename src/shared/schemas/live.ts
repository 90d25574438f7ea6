import { z } from 'zod';
import { callSchema } from './telephony.js';

/**
 * What the server pushes to a signed-in browser over `GET /api/v1/live` (Server-Sent Events: the
 * SSE event name is `type`, its data the whole message as JSON). Later modules add their types.
 */
export const liveMessage = z.discriminatedUnion('type', [
  /** An incoming call rings at the user's phone: the screen pop. */
  z.object({ type: z.literal('call.incoming'), call: callSchema }),
  /** A call of the user's ended (the pop closes; `eventId` is its logged event, if any). */
  z.object({ type: z.literal('call.finished'), callId: z.number(), eventId: z.number().nullable() }),
]);
export type LiveMessage = z.infer<typeof liveMessage>;
