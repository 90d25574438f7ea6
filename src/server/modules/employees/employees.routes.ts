import { z } from 'zod';
import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { viewerOf } from '../../http/access.js';
import { errorResponses } from '../../http/errors.js';
import { idParams, okSchema } from '../../../shared/schemas/common.js';
import {
  createEmployeeRequest,
  employee,
  employeeListQuery,
  updateEmployeeRequest,
} from '../../../shared/schemas/employees.js';

const tags = ['employees'];
/**
 * Общие справочники → Список работников. Everyone signed in may read; editing needs the users area
 * (moving a user's employee to another department: administrators only).
 */
export function employeesRoutes(app: App, services: Services): void {
  app.get(
    '/api/v1/employees',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'List employees',
        querystring: employeeListQuery,
        response: { 200: z.array(employee), ...errorResponses },
      },
    },
    async (req) =>
      services.employees.list({
        q: req.query.q,
        active: req.query.active === undefined ? undefined : req.query.active === 'true',
      }),
  );
  app.get(
    '/api/v1/employees/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'One employee',
        params: idParams,
        response: { 200: employee, ...errorResponses },
      },
    },
    async (req) => services.employees.get(req.params.id),
  );
  app.post(
    '/api/v1/employees',
    {
      config: { access: { area: 'users', mode: 'write' } },
      schema: {
        tags,
        summary: 'Create an employee',
        body: createEmployeeRequest,
        response: { 201: employee, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await services.employees.create(req.body)),
  );
  app.patch(
    '/api/v1/employees/:id',
    {
      config: { access: { area: 'users', mode: 'write' } },
      schema: {
        tags,
        summary: "Change an employee (the department of a user's employee: administrators only)",
        params: idParams,
        body: updateEmployeeRequest,
        response: { 200: employee, ...errorResponses },
      },
    },
    async (req) => services.employees.update(req.params.id, req.body, await viewerOf(req)),
  );
  app.delete(
    '/api/v1/employees/:id',
    {
      config: { access: { area: 'users', mode: 'write' } },
      schema: {
        tags,
        summary: 'Delete an employee no user is linked to',
        params: idParams,
        response: { 200: okSchema, ...errorResponses },
      },
    },
    async (req) => {
      await services.employees.remove(req.params.id);
      return { ok: true as const };
    },
  );
}
