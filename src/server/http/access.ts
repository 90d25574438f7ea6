import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthContext } from '../modules/auth/auth-context.js';
import type { Services } from '../services.js';
import { AppError } from './errors.js';
import { safeEqual } from '../security/tokens.js';
import type { Area, DocAction, DocType } from '../../shared/schemas/access.js';
import type { Viewer } from '../modules/access/viewer.js';
import type { QueueDeviceRef } from '../modules/queue/queue-devices.service.js';

/**
 * Who may call a route. Every route under /api declares one in `config.access`; the app
 * refuses to start with a route that does not (see `requireAccessDeclarations`).
 * - public: anyone; - authenticated: any signed-in user; - admin: the administrator role;
 * - { doc, action }: a card-file route. Creating and exporting need a level other than "none"
 *   (else 403); which documents a read, change or delete reaches is decided per document by
 *   the access module (`services.access`), which the route's handler calls;
 * - { area, mode }: a settings area (Доступ к данным → areas), read or write;
 * - pbx: the telephony server, by the webhook token of the telephony settings (Bearer); no user.
 * - queue_kiosk, queue_board: an electronic-queue device (a kiosk, a display board) by its own
 *   token (Bearer, or `?token=` where a browser cannot send a header: EventSource); no user. The
 *   device is in `req.queueDevice`.
 */
export type Access =
  | 'public'
  | 'pbx'
  | 'queue_kiosk'
  | 'queue_board'
  | 'authenticated'
  | 'admin'
  | { doc: DocType; action: DocAction }
  | { area: Area; mode: 'read' | 'write' };

export const SESSION_COOKIE = 'kartoteka_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyInstance {
    /** For `viewerOf`: the services of the app the request came to. */
    accessServices: Services;
    /** Every /api/v1 route with its access declaration. */
    routeAccess: RouteAccess[];
  }
  interface FastifyRequest {
    auth: AuthContext | null;
    /** The caller's rights, resolved on first use (see `viewerOf`). */
    viewerPromise: Promise<Viewer> | null;
    /** The electronic-queue device of a `queue_kiosk` / `queue_board` route. */
    queueDevice: QueueDeviceRef | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** One API route and what it declared: the route table the authorization matrix test walks. */
export interface RouteAccess {
  method: string;
  url: string;
  access: Access;
}

export function requireAccessDeclarations(app: FastifyInstance): void {
  const table: RouteAccess[] = [];
  app.decorate('routeAccess', table);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1') || route.method === 'HEAD') return;
    const access = (route.config as { access?: Access } | undefined)?.access;
    if (!access)
      throw new Error(`Route ${String(route.method)} ${route.url} has no access declaration (config.access)`);
    for (const method of [route.method].flat())
      if (method !== 'HEAD') table.push({ method, url: route.url, access });
  });
}

/** Resolves the caller (session cookie or Bearer token), then enforces the route's access. */
export function installAccessHook(app: FastifyInstance, services: Services): void {
  app.decorateRequest('auth', null);
  app.decorateRequest('viewerPromise', null);
  app.decorateRequest('queueDevice', null);
  app.decorate('accessServices', services);
  app.addHook('onRequest', async (req) => {
    const access = req.routeOptions.config?.access;
    if (access === 'pbx') {
      const header = req.headers.authorization;
      const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : '';
      if (!(await services.telephonySettings.verifyPbxToken(token)))
        throw new AppError(401, 'pbx_token_invalid');
      return;
    }
    if (access === 'queue_kiosk' || access === 'queue_board') {
      req.queueDevice = await services.queueDevices.verify(
        deviceToken(req),
        access === 'queue_kiosk' ? 'kiosk' : 'board',
      );
      return;
    }
    req.auth = await authenticate(req, services);
    if (!access || access === 'public') return;
    if (!req.auth) throw new AppError(401, 'not_authenticated');
    if (req.auth.via === 'session' && !SAFE_METHODS.has(req.method)) {
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !safeEqual(sent, req.auth.csrfToken))
        throw new AppError(403, 'csrf_failed');
    }
    if (access === 'admin' && !req.auth.user.isAdmin) throw new AppError(403, 'forbidden');
    if (typeof access === 'object' && !req.auth.user.isAdmin) {
      const viewer = await viewerOf(req, services);
      if ('area' in access) {
        if (!services.access.areaAllows(viewer, access.area, access.mode))
          throw new AppError(403, 'forbidden');
      } else if (
        (access.action === 'create' || access.action === 'export') &&
        !services.access.allows(viewer, access.doc, access.action)
      ) {
        throw new AppError(403, 'forbidden');
      }
    }
  });
}

/**
 * The caller's rights (see modules/access), resolved once per request. For handlers of
 * non-public routes.
 */
export function viewerOf(
  req: FastifyRequest,
  services: Services = req.server.accessServices,
): Promise<Viewer> {
  req.viewerPromise ??= services.access.viewer(caller(req).user);
  return req.viewerPromise;
}

/** The caller of a request by its Bearer token, else its session cookie (null: nobody signed in). */
export async function authenticate(req: FastifyRequest, services: Services): Promise<AuthContext | null> {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return services.apiTokens.resolve(header.slice(7).trim());
  const cookie = req.cookies[SESSION_COOKIE];
  return cookie ? services.sessions.resolve(cookie) : null;
}

/**
 * An electronic-queue device's token: the Bearer header, else the `token` query parameter (the
 * board's stream checks it again with this while it stays open).
 */
export function deviceToken(req: FastifyRequest): string {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const query = req.query as { token?: unknown } | undefined;
  return typeof query?.token === 'string' ? query.token : '';
}

/** For handlers of non-public routes: the caller, known to be signed in by the hook. */
export function caller(req: FastifyRequest): AuthContext {
  if (!req.auth) throw new AppError(401, 'not_authenticated');
  return req.auth;
}
