import { z } from 'zod';
import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { viewerOf } from '../../http/access.js';
import { errorResponses } from '../../http/errors.js';
import { idParams, okSchema } from '../../../shared/schemas/common.js';
import {
  createRoleRequest,
  createUserRequest,
  role,
  setPasswordRequest,
  updateRoleRequest,
  updateUserRequest,
  user,
  userDirectoryEntry,
  userListQuery,
} from '../../../shared/schemas/users.js';

/**
 * Администратор → Пользователи и роли. Users need the users area (the service keeps its holders
 * away from roles, passwords, employee links and administrators' accounts); roles are access
 * settings, for administrators.
 */
export function usersRoutes(app: App, services: Services): void {
  const admin = { access: 'admin' as const };
  const read = { access: { area: 'users' as const, mode: 'read' as const } };
  const write = { access: { area: 'users' as const, mode: 'write' as const } };

  app.get(
    '/api/v1/users',
    {
      config: read,
      schema: {
        tags: ['users'],
        summary: 'List users',
        querystring: userListQuery,
        response: { 200: z.array(user), ...errorResponses },
      },
    },
    async (req) =>
      services.users.list({
        q: req.query.q,
        active: req.query.active === undefined ? undefined : req.query.active === 'true',
      }),
  );
  app.get(
    '/api/v1/users/directory',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['users'],
        summary: 'Names of all users, for choosing performers, managers, participants',
        response: { 200: z.array(userDirectoryEntry), ...errorResponses },
      },
    },
    async () => services.users.directory(),
  );
  app.get(
    '/api/v1/users/:id',
    {
      config: read,
      schema: {
        tags: ['users'],
        summary: 'One user',
        params: idParams,
        response: { 200: user, ...errorResponses },
      },
    },
    async (req) => services.users.get(req.params.id),
  );
  app.post(
    '/api/v1/users',
    {
      config: write,
      schema: {
        tags: ['users'],
        summary:
          'Create a user (roles and the employee: administrators only; roles omitted, the default role when an administrator creates it, else none)',
        body: createUserRequest,
        response: { 201: user, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await services.users.create(req.body, await viewerOf(req))),
  );
  app.patch(
    '/api/v1/users/:id',
    {
      config: write,
      schema: {
        tags: ['users'],
        summary: 'Change a user (roles, the employee and administrators: administrators only)',
        params: idParams,
        body: updateUserRequest,
        response: { 200: user, ...errorResponses },
      },
    },
    async (req) => services.users.update(req.params.id, req.body, await viewerOf(req)),
  );
  app.post(
    '/api/v1/users/:id/password',
    {
      config: write,
      schema: {
        tags: ['users'],
        summary: "Set a user's password (administrators only; signs them out everywhere)",
        params: idParams,
        body: setPasswordRequest,
        response: { 200: okSchema, ...errorResponses },
      },
    },
    async (req) => {
      await services.users.setPassword(req.params.id, req.body.password, await viewerOf(req));
      await services.sessions.revokeAllFor(req.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/v1/roles',
    {
      config: admin,
      schema: { tags: ['roles'], summary: 'List roles', response: { 200: z.array(role), ...errorResponses } },
    },
    async () => services.roles.list(),
  );
  app.post(
    '/api/v1/roles',
    {
      config: admin,
      schema: {
        tags: ['roles'],
        summary: 'Create a role',
        body: createRoleRequest,
        response: { 201: role, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await services.roles.create(req.body)),
  );
  app.patch(
    '/api/v1/roles/:id',
    {
      config: admin,
      schema: {
        tags: ['roles'],
        summary: 'Change a role',
        params: idParams,
        body: updateRoleRequest,
        response: { 200: role, ...errorResponses },
      },
    },
    async (req) => services.roles.update(req.params.id, req.body),
  );
  app.delete(
    '/api/v1/roles/:id',
    {
      config: admin,
      schema: {
        tags: ['roles'],
        summary: 'Delete a user-defined role',
        params: idParams,
        response: { 200: okSchema, ...errorResponses },
      },
    },
    async (req) => {
      await services.roles.remove(req.params.id);
      return { ok: true as const };
    },
  );
}
