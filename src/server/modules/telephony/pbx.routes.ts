import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { errorResponses } from '../../http/errors.js';
import { pbxCallResponse, pbxFinishRequest, pbxRegisterRequest } from '../../../shared/schemas/telephony.js';

const tags = ['telephony'];

/** The PBX webhook: the telephony server calls these with the token from the telephony settings. */
export function pbxRoutes(app: App, services: Services): void {
  app.post(
    '/api/v1/telephony/pbx/register',
    {
      config: { access: 'pbx' },
      schema: {
        tags,
        summary: 'A call starts ringing (idempotent by callId): the screen pop',
        body: pbxRegisterRequest,
        response: { 200: pbxCallResponse, ...errorResponses },
      },
    },
    async (req) => services.pbx.register(req.body),
  );
  app.post(
    '/api/v1/telephony/pbx/finish',
    {
      config: { access: 'pbx' },
      schema: {
        tags,
        summary: 'A call ended: logged as the call-record import would (idempotent by callId)',
        body: pbxFinishRequest,
        response: { 200: pbxCallResponse, ...errorResponses },
      },
    },
    async (req) => services.pbx.finish(req.body),
  );
}
