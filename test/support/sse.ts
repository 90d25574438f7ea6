import http from 'node:http';

/** A real Server-Sent Events client: what it received so far, in order. */
export interface SseStream<T> {
  status: number;
  contentType: string;
  /** The data of every message. */
  messages: T[];
  /** Every message with its SSE event name (`event:` line; null without one). */
  received: { event: string | null; data: T }[];
  /** The server ended the stream. */
  ended: boolean;
  /** Resolves when the stream is over. */
  whenEnded: Promise<void>;
  close(): void;
}

/**
 * Opens `url` as an event stream; resolves once its first bytes arrived (the subscription is in
 * place) or it ended, and with any status (the caller checks it).
 */
export function openSse<T>(url: string, headers: Record<string, string> = {}): Promise<SseStream<T>> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      res.setEncoding('utf8');
      const stream: SseStream<T> = {
        status: res.statusCode ?? 0,
        contentType: String(res.headers['content-type']),
        messages: [],
        received: [],
        ended: false,
        whenEnded: new Promise((r) => res.on('close', r)),
        close: () => req.destroy(),
      };
      let buffer = '';
      let opened = false;
      res.on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const lines = buffer.slice(0, end).split('\n');
          buffer = buffer.slice(end + 2);
          const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? null;
          const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
          if (data === undefined) continue;
          const parsed = JSON.parse(data) as T;
          stream.messages.push(parsed);
          stream.received.push({ event, data: parsed });
        }
        if (!opened) {
          opened = true;
          resolve(stream);
        }
      });
      res.on('end', () => {
        stream.ended = true;
        if (!opened) resolve(stream);
      });
    });
    req.on('error', reject);
  });
}
