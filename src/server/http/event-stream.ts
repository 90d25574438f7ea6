import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from './types.js';
import { AppError } from './errors.js';

/** An open Server-Sent Events response. */
export interface EventStream {
  /** The client has gone, or the stream was ended. */
  readonly closed: boolean;
  /** Writes unless closed. */
  write(text: string): void;
  /** Ends the stream from this side. */
  end(): void;
  /** Runs once the stream is over (closed by either side). */
  onClose(cleanup: () => void): void;
}

/**
 * Server-Sent Events for the routes of one app (the signed-in user's live messages, a queue
 * board's): the request must ask for an event stream, the messages must be receivable before the
 * response starts, and every open stream ends when the app closes (it would keep it from closing).
 * Returns `open(req, reply, ready, what)`, which answers null when the client left meanwhile.
 */
export function eventStreams(app: App) {
  const open = new Set<ServerResponse>();
  app.addHook('preClose', (done) => {
    for (const res of open) res.end();
    done();
  });

  return async function openEventStream(
    req: FastifyRequest,
    reply: FastifyReply,
    ready: () => Promise<void>,
    what: string,
  ): Promise<EventStream | null> {
    // Only an event-stream client (EventSource sends this) may hold the connection open; a plain
    // request, e.g. a crawler of the API, would wait forever.
    if (!req.headers.accept?.includes('text/event-stream')) throw new AppError(406, 'bad_request');
    const res = reply.raw;
    // Watched before waiting: a client that leaves meanwhile must not be subscribed.
    let closed = false;
    const cleanups: (() => void)[] = [];
    const finish = () => {
      if (closed) return;
      closed = true;
      open.delete(res);
      for (const cleanup of cleanups) cleanup();
    };
    res.on('close', finish);
    try {
      await ready();
    } catch (e) {
      req.log.error({ err: e }, `${what} cannot be received`);
      throw new AppError(503, 'service_unavailable');
    }
    reply.hijack();
    if (closed) return null;
    res.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      // nginx would buffer the stream otherwise.
      'x-accel-buffering': 'no',
    });
    open.add(res);
    return {
      get closed() {
        return closed;
      },
      write: (text) => {
        if (!closed) res.write(text);
      },
      end: () => {
        finish();
        res.end();
      },
      onClose: (cleanup) => {
        if (closed) cleanup();
        else cleanups.push(cleanup);
      },
    };
  };
}
