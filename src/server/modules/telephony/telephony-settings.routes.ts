import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { caller, viewerOf } from '../../http/access.js';
import { requestLocale } from '../../http/locale.js';
import { errorResponses } from '../../http/errors.js';
import { okSchema } from '../../../shared/schemas/common.js';
import { callImportReport } from '../../../shared/schemas/telephony.js';
import {
  pbxTokenResponse,
  telephonySettings,
  updateTelephonySettingsRequest,
} from '../../../shared/schemas/telephony-settings.js';

const tags = ['settings'];
/**
 * Настройка → Параметры → Настройки (telephony). Everyone signed in reads the settings, the AMI
 * host, user and errors only with the parameters area; editing needs the area's write mode.
 */
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
    async (req) => {
      const settings = await services.telephonySettings.get();
      if (services.access.areaAllows(await viewerOf(req), 'parameters', 'read')) return settings;
      return { ...settings, amiHost: '', amiUser: '', amiError: null };
    },
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
  app.post(
    '/api/v1/settings/telephony/pbx-token',
    {
      config: { access: { area: 'parameters', mode: 'write' } },
      schema: {
        tags,
        summary: 'A new PBX webhook token, shown once (the previous one stops working)',
        response: { 200: pbxTokenResponse, ...errorResponses },
      },
    },
    async (req) => ({ token: await services.telephonySettings.createPbxToken(caller(req).user.id) }),
  );
  app.delete(
    '/api/v1/settings/telephony/pbx-token',
    {
      config: { access: { area: 'parameters', mode: 'write' } },
      schema: {
        tags,
        summary: 'Turns the PBX webhook off',
        response: { 200: okSchema, ...errorResponses },
      },
    },
    async (req) => {
      await services.telephonySettings.clearPbxToken(caller(req).user.id);
      return { ok: true as const };
    },
  );
  app.post(
    '/api/v1/settings/telephony/import',
    {
      config: { access: { area: 'parameters', mode: 'write' } },
      schema: {
        tags,
        summary: "Loads call records from the settings' path now (also when periodic loading is off)",
        response: { 200: callImportReport, ...errorResponses },
      },
    },
    async (req) => services.callImport.importNow({ locale: requestLocale(req) }),
  );
}
