import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { caller, viewerOf } from '../../http/access.js';
import { errorResponses } from '../../http/errors.js';
import { requestLocale } from '../../http/locale.js';
import type { Locale } from '../../../shared/locale.js';
import { idParams, okSchema } from '../../../shared/schemas/common.js';
import {
  createProjectRequest,
  project,
  projectExportQuery,
  projectListQuery,
  projectPage,
  updateProjectRequest,
  type ProjectListItem,
} from '../../../shared/schemas/projects.js';
import { sendExport, type ExportColumn } from '../exports/tabular.js';
import { projectExportTexts as texts } from './projects.messages.js';

const tags = ['projects'];

/** Проекты: the list (with its export), the card, create, change, delete. */
export function projectsRoutes(app: App, services: Services): void {
  app.get(
    '/api/v1/projects',
    {
      config: { access: { doc: 'projects', action: 'read' } },
      schema: {
        tags,
        summary: 'List projects (keyset pages)',
        querystring: projectListQuery,
        response: { 200: projectPage, ...errorResponses },
      },
    },
    async (req) => services.projects.list(req.query, await viewerOf(req), requestLocale(req)),
  );
  app.get(
    '/api/v1/projects/export',
    {
      config: { access: { doc: 'projects', action: 'export' } },
      schema: {
        tags,
        summary: 'The filtered project list as CSV or XLSX',
        querystring: projectExportQuery,
        response: { ...errorResponses },
      },
    },
    async (req, reply) => {
      const { format, ...filter } = req.query;
      const locale = requestLocale(req);
      return sendExport(req, reply, {
        format,
        fileName: 'projects',
        columns: exportColumns(locale),
        pages: services.projects.pages(filter, await viewerOf(req), locale),
      });
    },
  );
  app.get(
    '/api/v1/projects/:id',
    {
      config: { access: { doc: 'projects', action: 'read' } },
      schema: {
        tags,
        summary: 'The project card',
        params: idParams,
        response: { 200: project, ...errorResponses },
      },
    },
    async (req) => services.projects.get(req.params.id, await viewerOf(req), requestLocale(req)),
  );
  app.post(
    '/api/v1/projects',
    {
      config: { access: { doc: 'projects', action: 'create' } },
      schema: {
        tags,
        summary: 'Create a project (its number comes from Настройка → Нумерация)',
        body: createProjectRequest,
        response: { 201: project, ...errorResponses },
      },
    },
    async (req, reply) => {
      const viewer = await viewerOf(req);
      const created = await services.projects.create(
        req.body,
        caller(req).user.id,
        viewer,
        requestLocale(req),
      );
      return reply.code(201).send(created);
    },
  );
  app.patch(
    '/api/v1/projects/:id',
    {
      config: { access: { doc: 'projects', action: 'edit' } },
      schema: {
        tags,
        summary: 'Change a project; absent fields keep their values',
        params: idParams,
        body: updateProjectRequest,
        response: { 200: project, ...errorResponses },
      },
    },
    async (req) =>
      services.projects.update(
        req.params.id,
        req.body,
        caller(req).user.id,
        await viewerOf(req),
        requestLocale(req),
      ),
  );
  app.delete(
    '/api/v1/projects/:id',
    {
      config: { access: { doc: 'projects', action: 'delete' } },
      schema: {
        tags,
        summary: 'Delete a project; its events and tasks stay, without a project',
        params: idParams,
        response: { 200: okSchema, ...errorResponses },
      },
    },
    async (req) => {
      await services.projects.remove(req.params.id, await viewerOf(req));
      return { ok: true as const };
    },
  );
}

function exportColumns(locale: Locale): ExportColumn<ProjectListItem>[] {
  const c = texts.columns;
  return [
    { header: c.number, value: (r) => r.number },
    { header: c.name, value: (r) => r.name },
    { header: c.kind, value: (r) => texts.kinds[r.kind][locale] },
    { header: c.status, value: (r) => texts.statuses[r.status][locale] },
    { header: c.client, value: (r) => r.client?.name ?? '' },
    { header: c.manager, value: (r) => r.manager?.name ?? '' },
    { header: c.journal, value: (r) => r.journal.name },
    { header: c.plannedStart, value: (r) => r.plannedStart },
    { header: c.plannedEnd, value: (r) => r.plannedEnd },
    { header: c.actualStart, value: (r) => r.actualStart },
    { header: c.actualEnd, value: (r) => r.actualEnd },
    { header: c.tasksTotal, value: (r) => r.progress.total },
    { header: c.tasksDone, value: (r) => r.progress.done },
    { header: c.percent, value: (r) => r.progress.percent },
    { header: c.createdAt, value: (r) => r.createdAt },
  ];
}
