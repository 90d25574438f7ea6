import type { ServerResponse } from 'node:http';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { authenticate, caller } from '../../http/access.js';
import { AppError, errorResponses } from '../../http/errors.js';
import type { LiveMessage } from '../../../shared/schemas/live.js';
import type { DocType } from '../../../shared/schemas/card-files.js';
import type { DocType as AccessDocType } from '../../../shared/schemas/access.js';
import type { Viewer } from '../access/viewer.js';

type DocsChanged = Extract<LiveMessage, { type: 'docs.changed' }>;

/** Proxies and browsers drop a silent connection after a minute or two; a comment keeps it open. */
const HEARTBEAT_MS = 25_000;
/** How long a browser waits before reconnecting after the stream broke. */
const RETRY_MS = 3_000;
/**
 * How long a stream keeps its user's rights before reading them again: a burst of document
 * changes (a bulk status change) costs one read of them, and a change of rights is followed soon.
 */
const VIEWER_TTL_MS = 5_000;
const ACCESS_TYPES: Record<DocType, AccessDocType> = {
  client: 'clients',
  project: 'projects',
  event: 'events',
  task: 'tasks',
};

/**
 * The ids of a `docs.changed` message each user may read, worked out once per user: the same
 * message object reaches every stream of this process (a user with several tabs open).
 */
const readableByMessage = new WeakMap<DocsChanged, Map<number, Promise<number[]>>>();

const frame = (m: LiveMessage) => `event: ${m.type}\ndata: ${JSON.stringify(m)}\n\n`;

/**
 * Whether the stream's credential (the Bearer token, else the session cookie, as the access hook
 * reads them) still names its user: signing out, revoking the token or deactivating the user
 * ends the stream.
 */
/** The stream user's rights, read again after VIEWER_TTL_MS (a failed read is not kept). */
function cachedViewer(services: Services, userId: number): () => Promise<Viewer> {
  let cached: { at: number; viewer: Promise<Viewer> } | null = null;
  return () => {
    if (!cached || Date.now() - cached.at > VIEWER_TTL_MS) {
      const viewer = services.access.viewerOfUser(userId);
      const entry = { at: Date.now(), viewer };
      cached = entry;
      viewer.catch(() => {
        if (cached === entry) cached = null;
      });
    }
    return cached.viewer;
  };
}

/**
 * A `docs.changed` message as the user may see it: only the ids they may read (deleted documents
 * cannot be checked and pass as they are); null when none is left.
 */
async function visibleTo(
  services: Services,
  userId: number,
  viewer: () => Promise<Viewer>,
  m: DocsChanged,
): Promise<DocsChanged | null> {
  if (m.action === 'deleted') return m;
  let perUser = readableByMessage.get(m);
  if (!perUser) readableByMessage.set(m, (perUser = new Map()));
  let ids = perUser.get(userId);
  if (!ids) {
    ids = viewer().then(async (v) => {
      if (v.unrestricted) return m.ids;
      const readable = await services.access.readableIds(v, ACCESS_TYPES[m.docType], m.ids);
      return m.ids.filter((id) => readable.has(id));
    });
    perUser.set(userId, ids);
  }
  const visible = await ids;
  return visible.length ? { ...m, ids: visible } : null;
}

function stillSignedIn(req: FastifyRequest, services: Services, userId: number): () => Promise<boolean> {
  return async () => (await authenticate(req, services))?.user.id === userId;
}

/** GET /api/v1/live: the signed-in user's live messages as Server-Sent Events. */
export function liveRoutes(app: App, services: Services): void {
  const open = new Set<ServerResponse>();
  // An open stream would keep the server from closing.
  app.addHook('preClose', (done) => {
    for (const res of open) res.end();
    done();
  });

  app.get(
    '/api/v1/live',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['live'],
        summary:
          "The caller's live messages (Server-Sent Events: the event name is the message type); needs Accept: text/event-stream",
        response: {
          200: z.string().meta({ description: 'text/event-stream of LiveMessage' }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const userId = caller(req).user.id;
      // Only an event-stream client (EventSource sends this) may hold the connection open; a
      // plain request, e.g. a crawler of the API, would wait forever.
      if (!req.headers.accept?.includes('text/event-stream')) throw new AppError(406, 'bad_request');
      const res = reply.raw;
      // Watched before waiting: a client that leaves meanwhile must not be subscribed.
      let closed = false;
      let stop = (): void => undefined;
      res.on('close', () => {
        closed = true;
        stop();
      });
      try {
        await services.live.ready();
      } catch (e) {
        req.log.error({ err: e }, 'live messages cannot be received');
        throw new AppError(503, 'service_unavailable');
      }
      reply.hijack();
      if (closed) return;
      res.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        // nginx would buffer the stream otherwise.
        'x-accel-buffering': 'no',
      });
      const signedIn = stillSignedIn(req, services, userId);
      const viewer = cachedViewer(services, userId);
      // Writes in order, each after the credential is checked again; `text` gives what to write
      // (null: nothing for this user).
      let writes = Promise.resolve();
      const send = (text: () => string | null | Promise<string | null>) => {
        writes = writes.then(async () => {
          if (closed) return;
          let ok = false;
          try {
            ok = await signedIn();
          } catch (err) {
            req.log.warn({ err }, 'live: the caller could not be checked again; the stream ends');
          }
          if (closed) return;
          if (!ok) {
            closed = true;
            res.end();
            return;
          }
          let out: string | null = null;
          try {
            out = await text();
          } catch (err) {
            req.log.warn({ err }, 'live: a message could not be prepared for the caller; it is skipped');
          }
          if (!closed && out !== null) res.write(out);
        });
      };
      const unsubscribe = services.live.subscribe(userId, (m) =>
        send(async () => {
          if (m.type !== 'docs.changed') return frame(m);
          const visible = await visibleTo(services, userId, viewer, m);
          return visible && frame(visible);
        }),
      );
      const heartbeat = setInterval(() => send(() => ': ping\n\n'), HEARTBEAT_MS);
      open.add(res);
      stop = () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(res);
      };
      // The first bytes tell the browser the subscription is in place.
      res.write(`retry: ${RETRY_MS}\n\n`);
    },
  );
}
