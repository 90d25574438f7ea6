import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { caller, viewerOf } from '../../http/access.js';
import { errorResponses } from '../../http/errors.js';
import {
  accessExplanation,
  accessSettings,
  explainParams,
  explainQuery,
  myAccess,
  subjectParams,
  updateAccessSettingsRequest,
} from '../../../shared/schemas/access.js';

const tags = ['access'];
/** Доступ к данным: the caller's own rights, "why can I see this", and (administrators) the settings. */
export function accessRoutes(app: App, services: Services): void {
  app.get(
    '/api/v1/me/access',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: "The caller's effective rights",
        response: { 200: myAccess, ...errorResponses },
      },
    },
    async (req) => services.access.mine(await viewerOf(req), caller(req).user.isAdmin),
  );
  app.get(
    '/api/v1/access/explain/:docType/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Why a user may see a document (administrators may ask about any user)',
        params: explainParams,
        querystring: explainQuery,
        response: { 200: accessExplanation, ...errorResponses },
      },
    },
    async (req) =>
      services.access.explain(await viewerOf(req), req.params.docType, req.params.id, req.query.userId),
  );
  app.get(
    '/api/v1/access/:kind/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'The access settings of a role or a user',
        params: subjectParams,
        response: { 200: accessSettings, ...errorResponses },
      },
    },
    async (req) => services.accessSettings.get(req.params),
  );
  app.put(
    '/api/v1/access/:kind/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Change the access settings of a role or a user',
        params: subjectParams,
        body: updateAccessSettingsRequest,
        response: { 200: accessSettings, ...errorResponses },
      },
    },
    async (req) => services.accessSettings.update(req.params, req.body, caller(req).user.id),
  );
}
