import { z } from 'zod';
import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { caller, viewerOf } from '../../http/access.js';
import { errorResponses } from '../../http/errors.js';
import { requestLocale } from '../../http/locale.js';
import { idParams, okSchema } from '../../../shared/schemas/common.js';
import {
  bulkTaskStatusRequest,
  bulkTaskStatusResult,
  changeTaskStatusRequest,
  createChecklistItemRequest,
  createTaskRequest,
  saveTaskCommentRequest,
  task,
  taskBoard,
  taskBoardQuery,
  taskChecklistItem,
  taskChecklistParams,
  taskComment,
  taskCommentPage,
  taskCommentParams,
  taskCommentQuery,
  taskExportQuery,
  taskListQuery,
  taskPage,
  updateChecklistItemRequest,
  updateTaskRequest,
} from '../../../shared/schemas/tasks.js';
import type { DocAction } from '../../../shared/schemas/access.js';
import { sendExport } from '../exports/tabular.js';
import { taskExportColumns } from './tasks.export.js';

const tags = ['tasks'];
/** A route's access declaration: the action on tasks it stands for. */
const on = (action: DocAction) => ({ access: { doc: 'tasks', action } }) as const;
const read = on('read');
const edit = on('edit');

/** Картотека задач: /api/v1/tasks with the board, status changes, comments, checklist and export. */
export function tasksRoutes(app: App, services: Services): void {
  const tasks = services.tasks;

  app.get(
    '/api/v1/tasks',
    {
      config: read,
      schema: {
        tags,
        summary: 'List tasks (keyset pages, filters, "my tasks", overdue)',
        querystring: taskListQuery,
        response: { 200: taskPage, ...errorResponses },
      },
    },
    async (req) => tasks.list(req.query, await viewerOf(req)),
  );
  app.get(
    '/api/v1/tasks/board',
    {
      config: read,
      schema: {
        tags,
        summary: 'The kanban board: a column per active status with its tasks (at most 200 each)',
        querystring: taskBoardQuery,
        response: { 200: taskBoard, ...errorResponses },
      },
    },
    async (req) => tasks.board(req.query, await viewerOf(req)),
  );
  app.get(
    '/api/v1/tasks/export',
    {
      config: on('export'),
      schema: {
        tags,
        summary: 'The filtered list as CSV or XLSX',
        querystring: taskExportQuery,
      },
    },
    async (req, reply) => {
      const { format, ...query } = req.query;
      return sendExport(req, reply, {
        format,
        fileName: 'tasks',
        columns: taskExportColumns(requestLocale(req)),
        pages: tasks.pages(query, await viewerOf(req)),
      });
    },
  );
  app.get(
    '/api/v1/tasks/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'The task card',
        params: idParams,
        response: { 200: task, ...errorResponses },
      },
    },
    async (req) => tasks.get(req.params.id, await viewerOf(req)),
  );
  app.post(
    '/api/v1/tasks',
    {
      config: on('create'),
      schema: {
        tags,
        summary: 'Create a task (numbered; initial status and the caller as author by default)',
        body: createTaskRequest,
        response: { 201: task, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await tasks.create(req.body, caller(req).user.id, await viewerOf(req), requestLocale(req))),
  );
  app.patch(
    '/api/v1/tasks/:id',
    {
      config: edit,
      schema: {
        tags,
        summary: 'Change a task (409 task_final_locked while it is in a final status)',
        params: idParams,
        body: updateTaskRequest,
        response: { 200: task, ...errorResponses },
      },
    },
    async (req) =>
      tasks.update(req.params.id, req.body, caller(req).user.id, await viewerOf(req), requestLocale(req)),
  );
  app.post(
    '/api/v1/tasks/:id/status',
    {
      config: edit,
      schema: {
        tags,
        summary: 'Move a task to another status (409 task_transition_refused when not allowed)',
        params: idParams,
        body: changeTaskStatusRequest,
        response: { 200: task, ...errorResponses },
      },
    },
    async (req) =>
      tasks.changeStatus(
        req.params.id,
        req.body.statusId,
        caller(req).user.id,
        await viewerOf(req),
        requestLocale(req),
      ),
  );
  app.post(
    '/api/v1/tasks/bulk-status',
    {
      config: edit,
      schema: {
        tags,
        summary:
          'Move many tasks (up to 10 000) to one status; each is checked for rights and transitions, refused ones are listed',
        body: bulkTaskStatusRequest,
        response: { 200: bulkTaskStatusResult, ...errorResponses },
      },
    },
    async (req) =>
      tasks.changeStatusMany(
        req.body.ids,
        req.body.statusId,
        caller(req).user.id,
        await viewerOf(req),
        requestLocale(req),
      ),
  );
  app.delete(
    '/api/v1/tasks/:id',
    {
      config: on('delete'),
      schema: {
        tags,
        summary: 'Delete a task with its comments and checklist',
        params: idParams,
        response: { 200: okSchema, ...errorResponses },
      },
    },
    async (req) => {
      await tasks.remove(req.params.id, await viewerOf(req));
      return { ok: true as const };
    },
  );

  app.get(
    '/api/v1/tasks/:id/comments',
    {
      config: read,
      schema: {
        tags,
        summary: "A task's comments, oldest first",
        params: idParams,
        querystring: taskCommentQuery,
        response: { 200: taskCommentPage, ...errorResponses },
      },
    },
    async (req) => tasks.comments(req.params.id, req.query, await viewerOf(req)),
  );
  app.post(
    '/api/v1/tasks/:id/comments',
    {
      config: read,
      schema: {
        tags,
        summary: 'Comment on a task (also when it is closed)',
        params: idParams,
        body: saveTaskCommentRequest,
        response: { 201: taskComment, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await tasks.addComment(req.params.id, req.body.body, caller(req).user.id, await viewerOf(req))),
  );
  app.patch(
    '/api/v1/tasks/:id/comments/:commentId',
    {
      config: read,
      schema: {
        tags,
        summary: 'Change a comment (its author only)',
        params: taskCommentParams,
        body: saveTaskCommentRequest,
        response: { 200: taskComment, ...errorResponses },
      },
    },
    async (req) =>
      tasks.updateComment(
        req.params.id,
        req.params.commentId,
        req.body.body,
        caller(req).user.id,
        await viewerOf(req),
      ),
  );
  app.delete(
    '/api/v1/tasks/:id/comments/:commentId',
    {
      config: read,
      schema: {
        tags,
        summary: 'Delete a comment (its author only)',
        params: taskCommentParams,
        response: { 200: okSchema, ...errorResponses },
      },
    },
    async (req) => {
      await tasks.removeComment(
        req.params.id,
        req.params.commentId,
        caller(req).user.id,
        await viewerOf(req),
      );
      return { ok: true as const };
    },
  );

  app.get(
    '/api/v1/tasks/:id/checklist',
    {
      config: read,
      schema: {
        tags,
        summary: "A task's checklist in its order",
        params: idParams,
        response: { 200: z.array(taskChecklistItem), ...errorResponses },
      },
    },
    async (req) => tasks.checklist(req.params.id, await viewerOf(req)),
  );
  app.post(
    '/api/v1/tasks/:id/checklist',
    {
      config: edit,
      schema: {
        tags,
        summary: 'Add a checklist item at the end (409 while the task is in a final status)',
        params: idParams,
        body: createChecklistItemRequest,
        response: { 201: taskChecklistItem, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await tasks.addChecklistItem(req.params.id, req.body, await viewerOf(req))),
  );
  app.patch(
    '/api/v1/tasks/:id/checklist/:itemId',
    {
      config: edit,
      schema: {
        tags,
        summary: 'Change, tick or move a checklist item',
        params: taskChecklistParams,
        body: updateChecklistItemRequest,
        response: { 200: taskChecklistItem, ...errorResponses },
      },
    },
    async (req) => tasks.updateChecklistItem(req.params.id, req.params.itemId, req.body, await viewerOf(req)),
  );
  app.delete(
    '/api/v1/tasks/:id/checklist/:itemId',
    {
      config: edit,
      schema: {
        tags,
        summary: 'Delete a checklist item',
        params: taskChecklistParams,
        response: { 200: okSchema, ...errorResponses },
      },
    },
    async (req) => {
      await tasks.removeChecklistItem(req.params.id, req.params.itemId, await viewerOf(req));
      return { ok: true as const };
    },
  );
}
