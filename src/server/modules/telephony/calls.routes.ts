import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { caller, viewerOf } from '../../http/access.js';
import { errorResponseSchema, errorResponses } from '../../http/errors.js';
import { idParams } from '../../../shared/schemas/common.js';
import {
  callPage,
  callPopCard,
  eventCallResponse,
  linkUnknownNumberRequest,
  linkUnknownNumberResult,
  myCallsQuery,
  originateRequest,
  originateResponse,
  unknownNumberList,
} from '../../../shared/schemas/telephony.js';

const tags = ['telephony'];

/** Calls for users: their own calls, an event's call, the screen pop, unknown numbers, click-to-call. */
export function callsRoutes(app: App, services: Services): void {
  app.get(
    '/api/v1/telephony/calls/mine',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: "The caller's calls as the employee, newest first (the phone panel)",
        querystring: myCallsQuery,
        response: { 200: callPage, ...errorResponses },
      },
    },
    async (req) => services.calls.mine(caller(req).user.id, req.query, await viewerOf(req)),
  );
  app.get(
    '/api/v1/telephony/calls/:id/pop',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: "The screen pop of the caller's own call: the client, open tasks and last events",
        params: idParams,
        response: { 200: callPopCard, ...errorResponses },
      },
    },
    async (req) => services.calls.pop(req.params.id, caller(req).user.id, await viewerOf(req)),
  );
  app.get(
    '/api/v1/events/:id/call',
    {
      config: { access: { doc: 'events', action: 'read' } },
      schema: {
        tags,
        summary: 'The call of a call event (null for other events)',
        params: idParams,
        response: { 200: eventCallResponse, ...errorResponses },
      },
    },
    async (req) => ({ call: await services.calls.ofEvent(req.params.id, await viewerOf(req)) }),
  );
  app.get(
    '/api/v1/telephony/unknown-numbers',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'External numbers of calls the caller may see that matched no client',
        response: { 200: unknownNumberList, ...errorResponses },
      },
    },
    async (req) => ({ items: await services.calls.unknownNumbers(await viewerOf(req)) }),
  );
  app.post(
    '/api/v1/telephony/unknown-numbers/link',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: "Links an unknown number's past calls to a client (and adds it to the client's phones)",
        body: linkUnknownNumberRequest,
        response: { 200: linkUnknownNumberResult, ...errorResponses },
      },
    },
    async (req) => ({
      linkedCalls: await services.calls.linkUnknown(req.body, caller(req).user.id, await viewerOf(req)),
    }),
  );
  app.post(
    '/api/v1/telephony/originate',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: "Click-to-call: the PBX rings the caller's phone, then dials the number (AMI Originate)",
        body: originateRequest,
        response: {
          200: originateResponse,
          ...errorResponses,
          502: errorResponseSchema,
          503: errorResponseSchema,
        },
      },
    },
    async (req) => services.ami.originate(caller(req).user.id, req.body.number),
  );
}
