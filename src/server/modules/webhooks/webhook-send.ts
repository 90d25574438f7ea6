import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { VERSION } from '../../version.js';

/** How much of an answer's body is read (the rest is not waited for) and kept as the error. */
const BODY_READ_BYTES = 64 * 1024;
const BODY_KEPT_CHARS = 500;

/** What one POST to an endpoint came to. */
export interface SendOutcome {
  /** The endpoint's status code; null when no answer came (refused, timed out…). */
  statusCode: number | null;
  /** Why it is not delivered: the network error, the timeout, or the start of a non-2xx body. */
  error: string | null;
  durationMs: number;
}

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`, as documented in shared/schemas/webhooks.ts. */
export function signature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * POSTs a delivery's body signed with the webhook's secret. Resolves (never rejects) within
 * `timeoutMs`, whatever the endpoint does: a connection that hangs is cut. Redirects are not
 * followed (a 3xx is not a delivery).
 */
export function postSigned(
  url: string,
  body: string,
  meta: { event: string; deliveryId: number; secret: string; timestamp: number },
  timeoutMs: number,
): Promise<SendOutcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    let req: http.ClientRequest | null = null;
    const done = (statusCode: number | null, error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req?.destroy();
      resolve({ statusCode, error, durationMs: Math.round(performance.now() - started) });
    };
    const timer = setTimeout(() => done(null, `timed out after ${timeoutMs} ms`), timeoutMs);
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      done(null, 'invalid URL');
      return;
    }
    const client = target.protocol === 'https:' ? https : http;
    req = client.request(
      target,
      {
        method: 'POST',
        // A connection of its own: a pooled socket of an endpoint that hangs must not hold others.
        agent: false,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(body),
          'user-agent': `Kartoteka-Webhooks/${VERSION}`,
          'x-kartoteka-event': meta.event,
          'x-kartoteka-delivery': String(meta.deliveryId),
          'x-kartoteka-timestamp': String(meta.timestamp),
          'x-kartoteka-signature': signature(meta.secret, meta.timestamp, body),
        },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const ok = status >= 200 && status < 300;
        const chunks: Buffer[] = [];
        let read = 0;
        let kept = 0;
        const finish = () => {
          const text = Buffer.concat(chunks).toString('utf8').trim().slice(0, BODY_KEPT_CHARS);
          done(status, ok ? null : `HTTP ${status}${text ? `: ${text}` : ''}`);
        };
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (!ok && kept < BODY_KEPT_CHARS) {
            chunks.push(chunk);
            kept += chunk.length;
          }
          // The status is what counts: a long body is not read to its end.
          if (read > BODY_READ_BYTES) finish();
        });
        res.on('end', finish);
        res.on('error', (e) => done(status, e.message));
      },
    );
    req.on('error', (e) => done(null, e.message));
    req.end(body);
  });
}
