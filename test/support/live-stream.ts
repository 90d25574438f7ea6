import type { LiveMessage } from '../../src/shared/schemas/live.js';
import { openSse, type SseStream } from './sse.js';

/** A real SSE client of GET /api/v1/live: the messages received so far, in order. */
export type LiveStream = SseStream<LiveMessage>;

/** Opens the stream with a session cookie; resolves once its first bytes (the subscription is in place) arrived. */
export function openLive(base: string, cookie: string): Promise<LiveStream> {
  return openSse<LiveMessage>(`${base}/api/v1/live`, { cookie });
}
