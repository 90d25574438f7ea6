import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { caller, viewerOf } from '../../http/access.js';
import { errorResponses, errorResponseSchema } from '../../http/errors.js';
import { requestLocale } from '../../http/locale.js';
import { idParams, okSchema } from '../../../shared/schemas/common.js';
import {
  calculationErrorList,
  calculationList,
  calculationSchema,
  calculationVersionList,
  createCalculationRequest,
  dryRunRequest,
  dryRunResult,
  rollbackCalculationRequest,
  updateCalculationRequest,
} from '../../../shared/schemas/calculations.js';

const tags = ['settings'];
const config = { access: 'admin' } as const;
/** Enabling a calculation whose code does not compile. */
const refusals = { ...errorResponses, 422: errorResponseSchema };

/** Настройка → Справочники → Калькуляция: the registry, versions, errors and the dry run. */
export function calculationsRoutes(app: App, services: Services): void {
  const calculations = services.calculations;

  app.get(
    '/api/v1/calculations',
    {
      config,
      schema: {
        tags,
        summary: 'Calculations in running order (document type, trigger, position), with recent errors',
        response: { 200: calculationList, ...errorResponses },
      },
    },
    async () => ({ items: await calculations.list() }),
  );
  app.get(
    '/api/v1/calculations/:id',
    {
      config,
      schema: {
        tags,
        summary: 'A calculation',
        params: idParams,
        response: { 200: calculationSchema, ...errorResponses },
      },
    },
    async (req) => calculations.get(req.params.id),
  );
  app.post(
    '/api/v1/calculations',
    {
      config,
      schema: {
        tags,
        summary: 'Add a calculation (version 1); an enabled one must compile (422 calculation_syntax)',
        body: createCalculationRequest,
        response: { 201: calculationSchema, ...refusals },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await calculations.create(req.body, caller(req).user.id, requestLocale(req))),
  );
  app.patch(
    '/api/v1/calculations/:id',
    {
      config,
      schema: {
        tags,
        summary:
          'Change a calculation (a new version); expectedVersion guards against overwriting (409 calculation_version_conflict)',
        params: idParams,
        body: updateCalculationRequest,
        response: { 200: calculationSchema, ...refusals },
      },
    },
    async (req) => calculations.update(req.params.id, req.body, caller(req).user.id, requestLocale(req)),
  );
  app.delete(
    '/api/v1/calculations/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Delete a calculation with its versions, queued runs and errors',
        params: idParams,
        response: { 200: okSchema, ...errorResponses },
      },
    },
    async (req) => {
      await calculations.remove(req.params.id, caller(req).user.id);
      return { ok: true as const };
    },
  );
  app.get(
    '/api/v1/calculations/:id/versions',
    {
      config,
      schema: {
        tags,
        summary: "A calculation's versions, newest first",
        params: idParams,
        response: { 200: calculationVersionList, ...errorResponses },
      },
    },
    async (req) => ({ items: await calculations.versions(req.params.id) }),
  );
  app.post(
    '/api/v1/calculations/:id/rollback',
    {
      config,
      schema: {
        tags,
        summary: "Bring back an earlier version's content as a new version (enabled or not, as now)",
        params: idParams,
        body: rollbackCalculationRequest,
        response: { 200: calculationSchema, ...refusals },
      },
    },
    async (req) =>
      calculations.rollback(req.params.id, req.body.version, caller(req).user.id, requestLocale(req)),
  );
  app.get(
    '/api/v1/calculations/:id/errors',
    {
      config,
      schema: {
        tags,
        summary: "A calculation's last 50 errors, newest first, with the document they ran for",
        params: idParams,
        response: { 200: calculationErrorList, ...errorResponses },
      },
    },
    async (req) => ({ items: await calculations.errors(req.params.id) }),
  );
  app.post(
    '/api/v1/calculations/dry-run',
    {
      config,
      schema: {
        tags,
        summary:
          'Run code against a document as the caller, writing nothing: field changes, created documents, notifications, logs',
        body: dryRunRequest,
        response: { 200: dryRunResult, ...errorResponses },
      },
    },
    async (req) =>
      calculations.dryRun(req.body, await viewerOf(req, services), caller(req).user.id, requestLocale(req)),
  );
}
