import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { caller, SESSION_COOKIE } from '../../http/access.js';
import { AppError, errorResponseSchema, errorResponses } from '../../http/errors.js';
import { verifyPassword } from '../../security/passwords.js';
import { idParams, okSchema } from '../../../shared/schemas/common.js';
import {
  apiToken,
  changePasswordRequest,
  createApiTokenRequest,
  createdApiToken,
  loginRequest,
  meResponse,
  updateMeRequest,
  type Me,
} from '../../../shared/schemas/auth.js';
import type { AuthContext } from './auth-context.js';

const tags = ['auth'];
export function authRoutes(
  app: App,
  services: Services,
  opts: { secureCookies: boolean; sessionTtlHours: number },
): void {
  const setSessionCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: opts.secureCookies,
      path: '/',
      maxAge: opts.sessionTtlHours * 3600,
    });

  async function me(userId: number, csrfToken: string | null): Promise<Me> {
    const u = await services.users.get(userId);
    return {
      id: u.id,
      login: u.login,
      fullName: u.fullName,
      locale: u.locale,
      isAdmin: u.isAdmin,
      roles: u.roles,
      employee: u.employee,
      csrfToken,
    };
  }
  const csrfOf = (auth: AuthContext) => (auth.via === 'session' ? auth.csrfToken : null);

  app.post(
    '/api/v1/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Sign in; sets the session cookie',
        body: loginRequest,
        response: { 200: meResponse, 429: errorResponseSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const session = await services.sessions.login(req.body.login, req.body.password, {
        ip: req.ip,
        userAgent: req.headers['user-agent'],
      });
      setSessionCookie(reply, session.token);
      return me(session.userId, session.csrfToken);
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'Sign out of this session', response: { 200: okSchema, ...errorResponses } },
    },
    async (req, reply) => {
      const auth = caller(req);
      if (auth.via === 'session') await services.sessions.logout(auth.sessionId);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/api/v1/me',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'The signed-in user', response: { 200: meResponse, ...errorResponses } },
    },
    async (req) => {
      const auth = caller(req);
      return me(auth.user.id, csrfOf(auth));
    },
  );

  app.patch(
    '/api/v1/me',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Change own language or name',
        body: updateMeRequest,
        response: { 200: meResponse, ...errorResponses },
      },
    },
    async (req) => {
      const auth = caller(req);
      await services.users.update(auth.user.id, req.body);
      return me(auth.user.id, csrfOf(auth));
    },
  );

  app.post(
    '/api/v1/me/password',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Change own password',
        body: changePasswordRequest,
        response: { 200: okSchema, ...errorResponses },
      },
    },
    async (req) => {
      const auth = caller(req);
      const ok = await verifyPassword(
        await services.users.passwordHash(auth.user.id),
        req.body.currentPassword,
      );
      if (!ok) {
        throw new AppError(
          400,
          'validation_failed',
          {},
          {
            fields: [{ path: 'currentPassword', code: 'wrong_password' }],
          },
        );
      }
      await services.users.setPassword(auth.user.id, req.body.newPassword);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/v1/me/tokens',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'Own API tokens', response: { 200: z.array(apiToken), ...errorResponses } },
    },
    async (req) => services.apiTokens.list(caller(req).user.id),
  );

  app.post(
    '/api/v1/me/tokens',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Create an API token (returned once)',
        body: createApiTokenRequest,
        response: { 201: createdApiToken, ...errorResponses },
      },
    },
    async (req, reply) => {
      const token = await services.apiTokens.create(
        caller(req).user.id,
        req.body.name,
        req.body.expiresInDays,
      );
      return reply.code(201).send(token);
    },
  );

  app.delete(
    '/api/v1/me/tokens/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Revoke an API token',
        params: idParams,
        response: { 200: okSchema, ...errorResponses },
      },
    },
    async (req) => {
      await services.apiTokens.revoke(caller(req).user.id, req.params.id);
      return { ok: true as const };
    },
  );
}
