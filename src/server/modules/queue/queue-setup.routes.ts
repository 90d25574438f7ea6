import { z } from 'zod';
import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { caller } from '../../http/access.js';
import { errorResponses } from '../../http/errors.js';
import { idParams, okSchema } from '../../../shared/schemas/common.js';
import {
  createQueueDeviceRequest,
  createQueueServiceRequest,
  createQueueWindowRequest,
  queueDevice,
  queueDeviceWithToken,
  queueService,
  queueServiceListQuery,
  queueWindow,
  updateQueueDeviceRequest,
  updateQueueServiceRequest,
  updateQueueWindowRequest,
} from '../../../shared/schemas/queue.js';

const tags = ['queue'];
const read = { access: { area: 'books', mode: 'read' } } as const;
const write = { access: { area: 'books', mode: 'write' } } as const;
const admin = { access: 'admin' } as const;
const base = '/api/v1/queue';

/** Электронная очередь → setup: windows and services (the books area), kiosks and boards (administrators). */
export function queueSetupRoutes(app: App, services: Services): void {
  const setup = services.queueSetup;
  const devices = services.queueDevices;

  // ---- windows
  app.get(
    `${base}/windows`,
    {
      config: read,
      schema: {
        tags,
        summary: 'Service windows (desks), by sort order',
        response: { 200: z.array(queueWindow), ...errorResponses },
      },
    },
    async () => setup.listWindows(),
  );
  app.post(
    `${base}/windows`,
    {
      config: write,
      schema: {
        tags,
        summary: 'Add a window (its name is unique)',
        body: createQueueWindowRequest,
        response: { 201: queueWindow, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await setup.createWindow(req.body, caller(req).user.id)),
  );
  app.patch(
    `${base}/windows/:id`,
    {
      config: write,
      schema: {
        tags,
        summary: 'Change a window',
        params: idParams,
        body: updateQueueWindowRequest,
        response: { 200: queueWindow, ...errorResponses },
      },
    },
    async (req) => setup.updateWindow(req.params.id, req.body, caller(req).user.id),
  );
  app.delete(
    `${base}/windows/:id`,
    {
      config: write,
      schema: {
        tags,
        summary: 'Delete a window: services lose it, operators sitting at it have none',
        params: idParams,
        response: { 200: okSchema, ...errorResponses },
      },
    },
    async (req) => {
      await setup.removeWindow(req.params.id, caller(req).user.id);
      return { ok: true as const };
    },
  );

  // ---- services
  app.get(
    `${base}/services`,
    {
      config: read,
      schema: {
        tags,
        summary: 'Queues (services) with their operators and windows, by sort order',
        querystring: queueServiceListQuery,
        response: { 200: z.array(queueService), ...errorResponses },
      },
    },
    async (req) =>
      setup.listServices({
        active: req.query.active === undefined ? undefined : req.query.active === 'true',
      }),
  );
  app.post(
    `${base}/services`,
    {
      config: write,
      schema: {
        tags,
        summary: 'Add a queue (its prefix is unique)',
        body: createQueueServiceRequest,
        response: { 201: queueService, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await setup.createService(req.body, caller(req).user.id)),
  );
  app.patch(
    `${base}/services/:id`,
    {
      config: write,
      schema: {
        tags,
        summary: 'Change a queue; operatorIds / windowIds, when given, replace the whole set',
        params: idParams,
        body: updateQueueServiceRequest,
        response: { 200: queueService, ...errorResponses },
      },
    },
    async (req) => setup.updateService(req.params.id, req.body, caller(req).user.id),
  );
  app.delete(
    `${base}/services/:id`,
    {
      config: write,
      schema: {
        tags,
        summary: 'Delete a queue that never issued a ticket (else 409: deactivate it)',
        params: idParams,
        response: { 200: okSchema, ...errorResponses },
      },
    },
    async (req) => {
      await setup.removeService(req.params.id, caller(req).user.id);
      return { ok: true as const };
    },
  );

  // ---- devices
  app.get(
    `${base}/devices`,
    {
      config: admin,
      schema: {
        tags,
        summary: 'Kiosks and display boards (their tokens are never shown again)',
        response: { 200: z.array(queueDevice), ...errorResponses },
      },
    },
    async () => devices.list(),
  );
  app.post(
    `${base}/devices`,
    {
      config: admin,
      schema: {
        tags,
        summary: 'Register a kiosk or a board; the answer holds its token and page address, shown this once',
        body: createQueueDeviceRequest,
        response: { 201: queueDeviceWithToken, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await devices.create(req.body, caller(req).user.id)),
  );
  app.patch(
    `${base}/devices/:id`,
    {
      config: admin,
      schema: {
        tags,
        summary: 'Change a device (a turned-off one is refused at once)',
        params: idParams,
        body: updateQueueDeviceRequest,
        response: { 200: queueDevice, ...errorResponses },
      },
    },
    async (req) => devices.update(req.params.id, req.body, caller(req).user.id),
  );
  app.delete(
    `${base}/devices/:id`,
    {
      config: admin,
      schema: {
        tags,
        summary: 'Delete a device: its token stops working',
        params: idParams,
        response: { 200: okSchema, ...errorResponses },
      },
    },
    async (req) => {
      await devices.remove(req.params.id, caller(req).user.id);
      return { ok: true as const };
    },
  );
  app.post(
    `${base}/devices/:id/token`,
    {
      config: admin,
      schema: {
        tags,
        summary: 'A new token for a device, shown this once; the old one stops working at once',
        params: idParams,
        response: { 200: queueDeviceWithToken, ...errorResponses },
      },
    },
    async (req) => devices.newToken(req.params.id, caller(req).user.id),
  );
}
