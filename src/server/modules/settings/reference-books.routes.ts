import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { caller } from '../../http/access.js';
import { errorResponses } from '../../http/errors.js';
import { idParams, okSchema } from '../../../shared/schemas/common.js';
import {
  bookListQuery,
  createEventTypeRequest,
  createJournalRequest,
  createTaskStatusRequest,
  createUserStatusRequest,
  currentUserStatus,
  eventType,
  historyMatrix,
  journal,
  setMyStatusRequest,
  taskStatus,
  updateEventTypeRequest,
  updateHistoryRequest,
  updateJournalRequest,
  updateTaskStatusRequest,
  updateUserStatusRequest,
  userStatus,
  usersCurrentStatuses,
} from '../../../shared/schemas/reference-books.js';

const tags = ['settings'];
interface Book<Entry, Create, Update> {
  list(filter: { active?: boolean | undefined }): Promise<Entry[]>;
  get(id: number): Promise<Entry>;
  create(input: Create, userId: number): Promise<Entry>;
  update(id: number, changes: Update, userId: number): Promise<Entry>;
  remove(id: number, userId: number): Promise<void>;
}

/** List, read, create, change, delete: the same five routes for every book. */
function bookRoutes<E extends z.ZodType, C extends z.ZodType, U extends z.ZodType>(
  app: App,
  path: string,
  what: string,
  schemas: { entry: E; create: C; update: U },
  book: Book<z.output<E>, z.output<C>, z.output<U>>,
): void {
  const base = `/api/v1/settings/${path}`;
  // The Zod type provider cannot resolve generic schemas, so these routes are registered untyped;
  // the validator still checks every request against the schemas, hence the casts below.
  const untyped = app as unknown as FastifyInstance;
  type Params = { id: number };
  untyped.get(
    base,
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: `List ${what} (sort order, then id)`,
        querystring: bookListQuery,
        response: { 200: z.array(schemas.entry), ...errorResponses },
      },
    },
    async (req) => {
      const { active } = req.query as z.output<typeof bookListQuery>;
      return book.list({ active: active === undefined ? undefined : active === 'true' });
    },
  );
  untyped.get(
    `${base}/:id`,
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: `One of ${what}`,
        params: idParams,
        response: { 200: schemas.entry, ...errorResponses },
      },
    },
    async (req) => book.get((req.params as Params).id),
  );
  untyped.post(
    base,
    {
      config: { access: { area: 'books', mode: 'write' } },
      schema: {
        tags,
        summary: `Create a user entry of ${what}`,
        body: schemas.create,
        response: { 201: schemas.entry, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await book.create(req.body as z.output<C>, caller(req).user.id)),
  );
  untyped.patch(
    `${base}/:id`,
    {
      config: { access: { area: 'books', mode: 'write' } },
      schema: {
        tags,
        summary: `Change an entry of ${what} (a system entry keeps its code and own flags)`,
        params: idParams,
        body: schemas.update,
        response: { 200: schemas.entry, ...errorResponses },
      },
    },
    async (req) => book.update((req.params as Params).id, req.body as z.output<U>, caller(req).user.id),
  );
  untyped.delete(
    `${base}/:id`,
    {
      config: { access: { area: 'books', mode: 'write' } },
      schema: {
        tags,
        summary: `Delete a user entry of ${what} nothing refers to (else 409: make it inactive)`,
        params: idParams,
        response: { 200: okSchema, ...errorResponses },
      },
    },
    async (req) => {
      await book.remove((req.params as Params).id, caller(req).user.id);
      return { ok: true as const };
    },
  );
}

/**
 * Настройка → Справочники. Everyone signed in reads the books (pickers need them); changing them
 * needs the books area (Доступ к данным) in write mode.
 */
export function referenceBooksRoutes(app: App, services: Services): void {
  const books = services.referenceBooks;
  bookRoutes(
    app,
    'event-types',
    'event types',
    { entry: eventType, create: createEventTypeRequest, update: updateEventTypeRequest },
    books.eventTypes,
  );
  bookRoutes(
    app,
    'task-statuses',
    'task statuses',
    { entry: taskStatus, create: createTaskStatusRequest, update: updateTaskStatusRequest },
    books.taskStatuses,
  );
  bookRoutes(
    app,
    'user-statuses',
    'user statuses',
    { entry: userStatus, create: createUserStatusRequest, update: updateUserStatusRequest },
    books.userStatuses,
  );
  bookRoutes(
    app,
    'journals',
    'journals (a flat list; parentId makes the tree, the system sections are its roots)',
    { entry: journal, create: createJournalRequest, update: updateJournalRequest },
    books.journals,
  );

  app.get(
    '/api/v1/settings/history',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'History keeping: per document type and field, whether changes are recorded',
        response: { 200: historyMatrix, ...errorResponses },
      },
    },
    async () => books.history.matrix(),
  );
  app.put(
    '/api/v1/settings/history',
    {
      config: { access: { area: 'books', mode: 'write' } },
      schema: {
        tags,
        summary: 'Switch recording of fields on or off; answers the whole matrix',
        body: updateHistoryRequest,
        response: { 200: historyMatrix, ...errorResponses },
      },
    },
    async (req) => books.history.update(req.body, caller(req).user.id),
  );

  app.get(
    '/api/v1/settings/user-statuses/current',
    {
      config: { access: { area: 'books', mode: 'read' } },
      schema: {
        tags,
        summary: "Every user's current status and when it was set",
        response: { 200: usersCurrentStatuses, ...errorResponses },
      },
    },
    async () => books.userStatuses.currentOfAllUsers(),
  );
  app.get(
    '/api/v1/me/status',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['me'],
        summary: 'My current status and when it was set',
        response: { 200: currentUserStatus, ...errorResponses },
      },
    },
    async (req) => books.userStatuses.current(caller(req).user.id),
  );
  app.put(
    '/api/v1/me/status',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['me'],
        summary: 'Set my current status (an active user status); the same status keeps its time',
        body: setMyStatusRequest,
        response: { 200: currentUserStatus, ...errorResponses },
      },
    },
    async (req) => books.userStatuses.setCurrent(caller(req).user.id, req.body.statusId),
  );
}
