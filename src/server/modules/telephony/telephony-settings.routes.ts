import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { caller } from '../../http/access.js';
import { errorResponses } from '../../http/errors.js';
import {
  telephonySettings,
  updateTelephonySettingsRequest,
} from '../../../shared/schemas/telephony-settings.js';

const tags = ['settings'];
/** Настройка → Параметры → Настройки (telephony). Everyone signed in reads; editing needs the parameters area. */
export function telephonySettingsRoutes(app: App, services: Services): void {
  app.get(
    '/api/v1/settings/telephony',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Telephony settings and the last import status',
        response: { 200: telephonySettings, ...errorResponses },
      },
    },
    async () => services.telephonySettings.get(),
  );
  app.put(
    '/api/v1/settings/telephony',
    {
      config: { access: { area: 'parameters', mode: 'write' } },
      schema: {
        tags,
        summary: 'Change the telephony settings (omitted fields keep their value)',
        body: updateTelephonySettingsRequest,
        response: { 200: telephonySettings, ...errorResponses },
      },
    },
    async (req) => services.telephonySettings.update(req.body, caller(req).user.id),
  );
}
