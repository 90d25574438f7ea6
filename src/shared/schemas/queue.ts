import { z } from 'zod';
import { idSchema, requiredText, text, timestampSchema } from './common.js';
import { currentUserStatus } from './reference-books.js';

/** Электронная очередь: services (queues), windows, devices, tickets, the operator panel, the board, statistics. */

export const TICKET_STATES = ['waiting', 'called', 'serving', 'done', 'no_show', 'redirected'] as const;
export const ticketStateSchema = z.enum(TICKET_STATES);
export type TicketState = z.infer<typeof ticketStateSchema>;

export const DEVICE_KINDS = ['kiosk', 'board'] as const;
export const deviceKindSchema = z.enum(DEVICE_KINDS);
export type DeviceKind = z.infer<typeof deviceKindSchema>;

/** A ticket's code is its service's prefix and its number of the day, at least three digits: A007. */
export const prefixSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-ZА-ЯЁІЇЄҐ0-9]{1,3}$/u, 'queue_prefix');

const names = {
  nameRu: z.string(),
  nameUk: z.string(),
  nameEn: z.string(),
};

/* ------------------------------------------------------------------ setup */

export const queueWindow = z
  .object({
    id: idSchema,
    name: z.string(),
    isActive: z.boolean(),
    sortOrder: z.number().int(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: 'QueueWindow' });
export type QueueWindow = z.infer<typeof queueWindow>;

export const createQueueWindowRequest = z.strictObject({
  name: requiredText(100),
  isActive: z.boolean().default(true),
  sortOrder: z.number().int().min(0).max(1_000_000).default(100),
});
export const updateQueueWindowRequest = z.strictObject({
  name: requiredText(100).optional(),
  isActive: z.boolean().optional(),
  sortOrder: z.number().int().min(0).max(1_000_000).optional(),
});
export type CreateQueueWindow = z.output<typeof createQueueWindowRequest>;
export type UpdateQueueWindow = z.output<typeof updateQueueWindowRequest>;

export const queueService = z
  .object({
    id: idSchema,
    ...names,
    prefix: z.string(),
    priority: z.number().int().meta({ description: 'Higher is called first' }),
    isDailyReset: z.boolean().meta({ description: 'Numbering starts at 1 every day (enterprise time zone)' }),
    isActive: z.boolean(),
    sortOrder: z.number().int(),
    operatorIds: z.array(idSchema),
    windowIds: z.array(idSchema).meta({ description: 'Where it is served; empty: at any window' }),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: 'QueueService' });
export type QueueService = z.infer<typeof queueService>;

const serviceFields = {
  nameRu: requiredText(200),
  nameUk: requiredText(200),
  nameEn: requiredText(200),
  prefix: prefixSchema,
  priority: z.number().int().min(-100).max(100),
  isDailyReset: z.boolean(),
  isActive: z.boolean(),
  sortOrder: z.number().int().min(0).max(1_000_000),
  operatorIds: z.array(idSchema).max(1000),
  windowIds: z.array(idSchema).max(1000),
};
export const createQueueServiceRequest = z.strictObject({
  nameRu: serviceFields.nameRu,
  nameUk: serviceFields.nameUk,
  nameEn: serviceFields.nameEn,
  prefix: serviceFields.prefix,
  priority: serviceFields.priority.default(0),
  isDailyReset: serviceFields.isDailyReset.default(true),
  isActive: serviceFields.isActive.default(true),
  sortOrder: serviceFields.sortOrder.default(100),
  operatorIds: serviceFields.operatorIds.default([]),
  windowIds: serviceFields.windowIds.default([]),
});
export const updateQueueServiceRequest = z.strictObject(
  Object.fromEntries(Object.entries(serviceFields).map(([k, v]) => [k, v.optional()])) as {
    [K in keyof typeof serviceFields]: z.ZodOptional<(typeof serviceFields)[K]>;
  },
);
export type CreateQueueService = z.output<typeof createQueueServiceRequest>;
export type UpdateQueueService = z.output<typeof updateQueueServiceRequest>;

export const queueDevice = z
  .object({
    id: idSchema,
    name: z.string(),
    kind: deviceKindSchema,
    tokenHint: z.string().meta({ description: "The token's last characters" }),
    ticketsPerMinute: z.number().int().meta({ description: 'Kiosk: tickets it may issue per minute' }),
    serviceIds: z.array(idSchema).meta({ description: 'Offered (kiosk) or shown (board); empty: all' }),
    isActive: z.boolean(),
    lastSeenAt: timestampSchema.nullable(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: 'QueueDevice' });
export type QueueDevice = z.infer<typeof queueDevice>;
/** Answered once, on create and on a new token: the token and the page address with it. */
export const queueDeviceWithToken = queueDevice
  .extend({ token: z.string(), url: z.string() })
  .meta({ id: 'QueueDeviceWithToken' });
export type QueueDeviceWithToken = z.infer<typeof queueDeviceWithToken>;

export const createQueueDeviceRequest = z.strictObject({
  name: requiredText(100),
  kind: deviceKindSchema,
  ticketsPerMinute: z.number().int().min(1).max(600).default(30),
  serviceIds: z.array(idSchema).max(1000).default([]),
  isActive: z.boolean().default(true),
});
export const updateQueueDeviceRequest = z.strictObject({
  name: requiredText(100).optional(),
  ticketsPerMinute: z.number().int().min(1).max(600).optional(),
  serviceIds: z.array(idSchema).max(1000).optional(),
  isActive: z.boolean().optional(),
});
export type CreateQueueDevice = z.output<typeof createQueueDeviceRequest>;
export type UpdateQueueDevice = z.output<typeof updateQueueDeviceRequest>;

/** GET /services: all, or only the active (`true`) or inactive (`false`) ones. */
export const queueServiceListQuery = z.strictObject({ active: z.enum(['true', 'false']).optional() });

/* ---------------------------------------------------------------- tickets */

export const queueTicket = z
  .object({
    id: idSchema,
    code: z.string(),
    number: z.number().int(),
    day: z.string(),
    state: ticketStateSchema,
    serviceId: idSchema,
    service: z.object({ id: idSchema, ...names, prefix: z.string() }),
    clientId: idSchema.nullable(),
    clientName: z.string().nullable(),
    phone: z.string().nullable().meta({ description: 'E.164' }),
    issuedAt: timestampSchema,
    queuedAt: timestampSchema.meta({ description: 'The place in line (a redirected ticket keeps it)' }),
    firstCalledAt: timestampSchema.nullable(),
    calledAt: timestampSchema.nullable(),
    servingAt: timestampSchema.nullable(),
    finishedAt: timestampSchema.nullable(),
    callCount: z.number().int(),
    operatorId: idSchema.nullable(),
    operatorName: z.string().nullable(),
    windowId: idSchema.nullable(),
    windowName: z.string().nullable(),
    redirectedFromId: idSchema.nullable(),
    eventId: idSchema.nullable(),
  })
  .meta({ id: 'QueueTicket' });
export type QueueTicket = z.infer<typeof queueTicket>;

/* ------------------------------------------------------------------ kiosk */

export const kioskService = z.object({
  id: idSchema,
  ...names,
  prefix: z.string(),
  waiting: z.number().int(),
});
export const kioskInfo = z
  .object({ device: z.object({ id: idSchema, name: z.string() }), services: z.array(kioskService) })
  .meta({ id: 'QueueKiosk' });
export type KioskInfo = z.infer<typeof kioskInfo>;

export const takeTicketRequest = z.strictObject({
  serviceId: idSchema,
  phone: text(40).optional().meta({ description: 'Links the ticket to the client with this phone' }),
});
export type TakeTicketRequest = z.output<typeof takeTicketRequest>;
export const takenTicket = z
  .object({
    id: idSchema,
    code: z.string(),
    service: z.object({ id: idSchema, ...names }),
    issuedAt: timestampSchema,
    ahead: z.number().int().meta({ description: 'Tickets called before this one as things stand' }),
  })
  .meta({ id: 'QueueTakenTicket' });
export type TakenTicket = z.infer<typeof takenTicket>;

/* --------------------------------------------------------------- operator */

export const operatorService = z.object({
  id: idSchema,
  ...names,
  prefix: z.string(),
  priority: z.number().int(),
  waiting: z.number().int(),
  /** Served at the operator's window (else Call next does not take its tickets). */
  atMyWindow: z.boolean(),
});
export const operatorPanel = z
  .object({
    status: currentUserStatus,
    window: z.object({ id: idSchema, name: z.string() }).nullable(),
    windows: z.array(z.object({ id: idSchema, name: z.string() })),
    services: z.array(operatorService),
    /** Why Call next is not possible now (null: it is). */
    blockedBy: z.enum(['status', 'no_window', 'no_services', 'busy']).nullable(),
    current: queueTicket.nullable(),
    /** Today's no-shows of the operator's services, newest first: they can be recalled. */
    noShows: z.array(queueTicket),
    servedToday: z.number().int(),
    /** Every active queue: where a ticket may be redirected (an operator serves only some). */
    redirectTargets: z.array(z.object({ id: idSchema, ...names, prefix: z.string() })),
  })
  .meta({ id: 'QueueOperatorPanel' });
export type OperatorPanel = z.infer<typeof operatorPanel>;

export const setWindowRequest = z.strictObject({ windowId: idSchema.nullable() });
export const redirectTicketRequest = z.strictObject({ serviceId: idSchema });
export const ticketClientRequest = z.strictObject({ clientId: idSchema.nullable() });
export const ticketIdParams = z.strictObject({ id: idSchema });

/* ------------------------------------------------------------------ board */

export const boardTicket = z.object({
  id: idSchema,
  code: z.string(),
  state: ticketStateSchema,
  serviceId: idSchema,
  windowName: z.string().nullable(),
  calledAt: timestampSchema.nullable(),
  callCount: z.number().int(),
});
export type BoardTicket = z.infer<typeof boardTicket>;
export const boardState = z
  .object({
    device: z.object({ id: idSchema, name: z.string() }),
    services: z.array(z.object({ id: idSchema, ...names, prefix: z.string(), waiting: z.number().int() })),
    /** Today's last called tickets, the newest call first (a repeat call counts as new). */
    called: z.array(boardTicket),
  })
  .meta({ id: 'QueueBoard' });
export type BoardState = z.infer<typeof boardState>;

/**
 * What a board's stream (`GET /api/v1/queue/board/stream`, SSE, event name = type) sends:
 * `ticket.called` for a call or a repeat call (the board chimes), `queue.changed` when anything
 * else moved (the board fetches its state again).
 */
export const boardMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ticket.called'), ticket: boardTicket }),
  z.object({ type: z.literal('queue.changed'), serviceIds: z.array(idSchema) }),
]);
export type BoardMessage = z.infer<typeof boardMessage>;

/* ------------------------------------------------------------- statistics */

export const queueStatsQuery = z.strictObject({
  from: z.iso.date().meta({ description: 'First day (enterprise time zone)' }),
  to: z.iso.date().meta({ description: 'Last day, included' }),
  serviceId: idSchema.optional(),
  operatorId: idSchema.optional(),
});
export type QueueStatsQuery = z.output<typeof queueStatsQuery>;

const statFigures = {
  tickets: z.number().int().meta({ description: 'Issued (a redirected ticket counts in each queue)' }),
  served: z.number().int(),
  noShows: z.number().int(),
  redirected: z.number().int(),
  /** Seconds; null when nothing was measured. */
  avgWaitSeconds: z.number().nullable(),
  p90WaitSeconds: z.number().nullable(),
  avgServiceSeconds: z.number().nullable(),
  p90ServiceSeconds: z.number().nullable(),
};
export const queueStatsRow = z.object({
  day: z.string(),
  serviceId: idSchema,
  serviceName: z.string(),
  operatorId: idSchema.nullable(),
  operatorName: z.string().nullable(),
  ...statFigures,
});
export type QueueStatsRow = z.infer<typeof queueStatsRow>;
export const queueStats = z
  .object({
    rows: z.array(queueStatsRow),
    byDay: z.array(z.object({ day: z.string(), ...statFigures })),
    byService: z.array(z.object({ serviceId: idSchema, serviceName: z.string(), ...statFigures })),
    byOperator: z.array(
      z.object({ operatorId: idSchema.nullable(), operatorName: z.string().nullable(), ...statFigures }),
    ),
    total: z.object(statFigures),
  })
  .meta({ id: 'QueueStats' });
export type QueueStats = z.infer<typeof queueStats>;

/* ------------------------------------------------------- tickets (calls) */

/** Call next's answer: the ticket now called by the operator, or null when nobody is waiting. */
export const callNextResult = z
  .object({ ticket: queueTicket.nullable() })
  .meta({ id: 'QueueCallNextResult' });
export type CallNextResult = z.infer<typeof callNextResult>;

/** GET /api/v1/queue/tickets: the tickets issued on a day (enterprise time zone). */
export const queueTicketsQuery = z.strictObject({
  day: z.iso.date().optional().meta({ description: 'Default: today (enterprise time zone)' }),
  serviceId: idSchema.optional(),
  state: ticketStateSchema.optional(),
});
export type QueueTicketsQuery = z.output<typeof queueTicketsQuery>;
export const queueTicketList = z
  .object({ items: z.array(queueTicket).meta({ description: 'By place in line; at most 5000' }) })
  .meta({ id: 'QueueTicketList' });
export type QueueTicketList = z.infer<typeof queueTicketList>;

/** A kiosk's or board's token where a header cannot be sent (a page address, EventSource). */
export const queueDeviceTokenQuery = z.strictObject({
  token: z.string().max(200).optional().meta({ description: "The device's token (else Bearer)" }),
});
