import http from 'node:http';
import type { LiveMessage } from '../../src/shared/schemas/live.js';

/** A real SSE client of GET /api/v1/live: the messages received so far, in order. */
export interface LiveStream {
  messages: LiveMessage[];
  close(): void;
}

/** Opens the stream with a session cookie; resolves once its first bytes (the subscription is in place) arrived. */
export function openLive(base: string, cookie: string): Promise<LiveStream> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      `${base}/api/v1/live`,
      { headers: { accept: 'text/event-stream', cookie } },
      (res) => {
        res.setEncoding('utf8');
        const stream: LiveStream = { messages: [], close: () => req.destroy() };
        let buffer = '';
        let opened = false;
        res.on('data', (chunk: string) => {
          buffer += chunk;
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const data = buffer
              .slice(0, end)
              .split('\n')
              .find((l) => l.startsWith('data: '));
            buffer = buffer.slice(end + 2);
            if (data) stream.messages.push(JSON.parse(data.slice(6)) as LiveMessage);
          }
          if (!opened) {
            opened = true;
            resolve(stream);
          }
        });
      },
    );
    req.on('error', reject);
  });
}
