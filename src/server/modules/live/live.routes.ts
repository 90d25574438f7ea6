import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { authenticate, caller } from '../../http/access.js';
import { errorResponses } from '../../http/errors.js';
import { eventStreams } from '../../http/event-stream.js';
import type { LiveMessage } from '../../../shared/schemas/live.js';
import type { DocType } from '../../../shared/schemas/card-files.js';
import type { DocType as AccessDocType } from '../../../shared/schemas/access.js';
import type { Viewer } from '../access/viewer.js';

/** Proxies and browsers drop a silent connection after a minute or two; a comment keeps it open. */
const HEARTBEAT_MS = 25_000;
/** How long a browser waits before reconnecting after the stream broke. */
const RETRY_MS = 3_000;
/**
 * How long the rights of a user with open streams are kept before being read again: a burst of
 * document changes (a bulk status change) costs one read of them, and a change of rights is
 * followed soon.
 */
const VIEWER_TTL_MS = 5_000;
/**
 * How long a stream trusts the last check of its credential: a burst of messages to 1000 open
 * streams costs at most one check per stream, not one per message. So a stream may still get
 * messages for up to this long after its user signed out or was deactivated; it ends at its first
 * message or heartbeat after that, at most CREDENTIAL_TTL_MS + HEARTBEAT_MS after the sign-out.
 */
const CREDENTIAL_TTL_MS = 5_000;
const ACCESS_TYPES: Record<DocType, AccessDocType> = {
  client: 'clients',
  project: 'projects',
  event: 'events',
  task: 'tasks',
};

const frame = (m: LiveMessage) => `event: ${m.type}\ndata: ${JSON.stringify(m)}\n\n`;

/** The user's rights, read again after VIEWER_TTL_MS (a failed read is not kept). */
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
 * What a user's streams write for a message (null: nothing for this user). A `docs.changed`
 * message keeps only the ids the user may read; a deletion names none (the deleted documents
 * cannot be checked any more): it only tells every reader to refresh that type.
 */
async function render(
  services: Services,
  viewer: () => Promise<Viewer>,
  m: LiveMessage,
): Promise<string | null> {
  if (m.type !== 'docs.changed') return frame(m);
  if (m.action === 'deleted') return frame({ ...m, ids: [] });
  const v = await viewer();
  if (v.unrestricted) return frame(m);
  const readable = await services.access.readableIds(v, ACCESS_TYPES[m.docType], m.ids);
  const ids = m.ids.filter((id) => readable.has(id));
  return ids.length ? frame({ ...m, ids }) : null;
}

/**
 * Whether the stream's credential (the Bearer token, else the session cookie, as the access hook
 * reads them) still names its user: signing out, revoking the token or deactivating the user
 * ends the stream. The answer is kept for CREDENTIAL_TTL_MS; the access hook has just given the
 * first one.
 */
function stillSignedIn(req: FastifyRequest, services: Services, userId: number): () => Promise<boolean> {
  let checkedAt = Date.now();
  let answer = Promise.resolve(true);
  return () => {
    if (Date.now() - checkedAt > CREDENTIAL_TTL_MS) {
      checkedAt = Date.now();
      answer = authenticate(req, services).then((auth) => auth?.user.id === userId);
    }
    return answer;
  };
}

/** GET /api/v1/live: the signed-in user's live messages as Server-Sent Events. */
export function liveRoutes(app: App, services: Services): void {
  const openEventStream = eventStreams(app);

  // The streams of one user (several tabs, browsers) share the user's rights…
  const viewers = new Map<number, { viewer: () => Promise<Viewer>; streams: number }>();
  // …and what each message becomes for the user, worked out once: the same message object
  // reaches every stream of this process.
  const rendered = new WeakMap<LiveMessage, Map<number, Promise<string | null>>>();
  const renderFor = (userId: number, viewer: () => Promise<Viewer>, m: LiveMessage) => {
    let perUser = rendered.get(m);
    if (!perUser) rendered.set(m, (perUser = new Map()));
    let out = perUser.get(userId);
    if (!out) {
      out = render(services, viewer, m).catch((err: unknown) => {
        app.log.warn({ err, userId }, 'live: a message could not be prepared for a user; it is skipped');
        return null;
      });
      perUser.set(userId, out);
    }
    return out;
  };
  const viewerOf = (userId: number): { viewer: () => Promise<Viewer>; release: () => void } => {
    let entry = viewers.get(userId);
    if (!entry) viewers.set(userId, (entry = { viewer: cachedViewer(services, userId), streams: 0 }));
    const shared = entry;
    shared.streams++;
    return {
      viewer: shared.viewer,
      release: () => {
        if (--shared.streams === 0) viewers.delete(userId);
      },
    };
  };

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
      const stream = await openEventStream(req, reply, () => services.live.ready(), 'live messages');
      if (!stream) return;
      const signedIn = stillSignedIn(req, services, userId);
      const { viewer, release } = viewerOf(userId);
      // Writes in order; what to write is worked out first (shared by the user's streams), and
      // the credential checked only when there is something to write.
      let writes = Promise.resolve();
      const send = (text: Promise<string | null>) => {
        writes = writes.then(async () => {
          const out = await text;
          if (stream.closed || out === null) return;
          let ok = false;
          try {
            ok = await signedIn();
          } catch (err) {
            req.log.warn({ err }, 'live: the caller could not be checked again; the stream ends');
          }
          if (!ok) stream.end();
          else stream.write(out);
        });
      };
      const unsubscribe = services.live.subscribe(userId, (m) => send(renderFor(userId, viewer, m)));
      const heartbeat = setInterval(() => send(Promise.resolve(': ping\n\n')), HEARTBEAT_MS);
      stream.onClose(() => {
        clearInterval(heartbeat);
        unsubscribe();
        release();
      });
      // The first bytes tell the browser the subscription is in place.
      stream.write(`retry: ${RETRY_MS}\n\n`);
    },
  );
}
