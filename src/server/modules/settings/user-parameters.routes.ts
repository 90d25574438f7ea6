import { z } from 'zod';
import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { caller } from '../../http/access.js';
import { errorResponses } from '../../http/errors.js';
import {
  updateUserParametersRequest,
  userIdParams,
  userParameters,
} from '../../../shared/schemas/user-parameters.js';

const tags = ['settings'];
/** Настройка → Параметры → Пользователи. The parameters area reads and edits anyone's; every user reads their own. */
export function userParametersRoutes(app: App, services: Services): void {
  app.get(
    '/api/v1/settings/user-parameters',
    {
      config: { access: { area: 'parameters', mode: 'read' } },
      schema: {
        tags,
        summary: 'Every user with their parameters (defaults for users never set up)',
        response: { 200: z.array(userParameters), ...errorResponses },
      },
    },
    async () => services.userParameters.list(),
  );
  app.get(
    '/api/v1/settings/user-parameters/:userId',
    {
      config: { access: { area: 'parameters', mode: 'read' } },
      schema: {
        tags,
        summary: "One user's parameters",
        params: userIdParams,
        response: { 200: userParameters, ...errorResponses },
      },
    },
    async (req) => services.userParameters.get(req.params.userId),
  );
  app.put(
    '/api/v1/settings/user-parameters/:userId',
    {
      config: { access: { area: 'parameters', mode: 'write' } },
      schema: {
        tags,
        summary: "Change a user's parameters (omitted fields keep their value)",
        params: userIdParams,
        body: updateUserParametersRequest,
        response: { 200: userParameters, ...errorResponses },
      },
    },
    async (req) => services.userParameters.update(req.params.userId, req.body, caller(req).user.id),
  );
  app.get(
    '/api/v1/me/parameters',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user’s own parameters (phone panel, notifications)',
        response: { 200: userParameters, ...errorResponses },
      },
    },
    async (req) => services.userParameters.get(caller(req).user.id),
  );
}
