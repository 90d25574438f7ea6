import { runJobs } from './jobs.js';
import { mailRoutes } from './modules/mail/mail.routes.js';
import { outboxRoutes } from './modules/mail/outbox.routes.js';
import { systemLettersRoutes } from './modules/mail/system-letters.routes.js';
import { systemSenderRoutes } from './modules/admin/system-sender.routes.js';
import { mailTemplatesRoutes } from './modules/mail/mail-templates.routes.js';
import { mailboxRoutes } from './modules/mail/mailbox.routes.js';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from './context.js';
import { createServices, type Services } from './services.js';
import { installErrorHandling, sendError, validatorCompiler } from './http/errors.js';
import { installAccessHook, requireAccessDeclarations } from './http/access.js';
import { installOpenApi } from './http/openapi.js';
import { installRequestLog, loggerOptions } from './http/logging.js';
import { requestLocale } from './http/locale.js';
import type { App } from './http/types.js';
import { VERSION } from './version.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { usersRoutes } from './modules/auth/users.routes.js';
import { employeesRoutes } from './modules/employees/employees.routes.js';
import { mailServersRoutes } from './modules/admin/mail-servers.routes.js';
import { enterpriseRoutes } from './modules/admin/enterprise.routes.js';
import { settingsChangesRoutes } from './modules/settings/settings-changes.routes.js';
import { referenceBooksRoutes } from './modules/settings/reference-books.routes.js';
import { userParametersRoutes } from './modules/settings/user-parameters.routes.js';
import { numberingRoutes } from './modules/numbering/numbering.routes.js';
import { telephonySettingsRoutes } from './modules/telephony/telephony-settings.routes.js';
import { clientsRoutes } from './modules/clients/clients.routes.js';
import { projectsRoutes } from './modules/projects/projects.routes.js';
import { eventsRoutes } from './modules/events/events.routes.js';
import { tasksRoutes } from './modules/tasks/tasks.routes.js';
import { searchRoutes } from './modules/search/search.routes.js';
import { clientImportRoutes } from './modules/imports/client-import.routes.js';
import { calendarRoutes } from './modules/calendar/calendar.routes.js';
import { documentHistoryRoutes } from './modules/history/document-history.routes.js';
import { timelineRoutes } from './modules/timeline/timeline.routes.js';
import { accessRoutes } from './modules/access/access.routes.js';
import { callsRoutes } from './modules/telephony/calls.routes.js';
import { pbxRoutes } from './modules/telephony/pbx.routes.js';
import { liveRoutes } from './modules/live/live.routes.js';
import { notificationsRoutes } from './modules/notifications/notifications.routes.js';
import { webhooksRoutes } from './modules/webhooks/webhooks.routes.js';
import { calculationsRoutes } from './modules/calculations/calculations.routes.js';
import { queueSetupRoutes } from './modules/queue/queue-setup.routes.js';
import { queueTicketsRoutes } from './modules/queue/queue-tickets.routes.js';
import { queueStatsRoutes } from './modules/queue/queue-stats.routes.js';

export interface BuildOptions {
  /** Where log lines go (tests capture them); stdout by default. */
  logStream?: NodeJS.WritableStream;
  /** The built web UI; defaults to dist/web next to the compiled server. */
  webRoot?: string;
  /** Run the background jobs (outbox, mailbox sync): `kartoteka serve` does. */
  jobs?: boolean;
}

export interface Built {
  app: FastifyInstance;
  services: Services;
}

/** Builds the HTTP app: the API of every module, its OpenAPI document and the web UI. */
export async function buildApp(ctx: AppContext, opts: BuildOptions = {}): Promise<Built> {
  const { config } = ctx;
  const app = Fastify({
    logger: loggerOptions(config.logLevel, opts.logStream),
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    return503OnClosing: true,
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();

  // The API speaks JSON only; anything else is answered 415 rather than half-parsed.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installRequestLog(app);
  installErrorHandling(app, config.bodyLimit);
  requireAccessDeclarations(app);
  await app.register(cookie);
  await installOpenApi(app, VERSION);

  const services = createServices(ctx);
  installAccessHook(app, services);

  registerApi(app, ctx, services);
  const jobs = [
    services.outbox,
    services.mailboxes,
    services.callImport,
    services.ami,
    services.notifications,
    services.reminders,
    services.webhooks,
    services.calculations,
    services.systemLetters,
  ];
  for (const job of jobs) job.useLogger(app.log);
  if (opts.jobs) runJobs(app, jobs);
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  await serveWeb(app, opts.webRoot ?? fileURLToPath(new URL('../web', import.meta.url)));
  return { app, services };
}

function registerApi(app: App, ctx: AppContext, services: Services): void {
  healthRoutes(app, ctx.database, VERSION);
  authRoutes(app, services, {
    secureCookies: ctx.config.secureCookies,
    sessionTtlHours: ctx.config.sessionTtlHours,
  });
  usersRoutes(app, services);
  employeesRoutes(app, services);
  mailServersRoutes(app, services);
  enterpriseRoutes(app, services);
  settingsChangesRoutes(app, services);
  referenceBooksRoutes(app, services);
  numberingRoutes(app, services);
  userParametersRoutes(app, services);
  telephonySettingsRoutes(app, services);
  clientsRoutes(app, services);
  projectsRoutes(app, services);
  eventsRoutes(app, services);
  tasksRoutes(app, services);
  searchRoutes(app, services);
  clientImportRoutes(app, services);
  calendarRoutes(app, services);
  documentHistoryRoutes(app, services);
  timelineRoutes(app, services);
  accessRoutes(app, services);
  mailRoutes(app, services);
  outboxRoutes(app, services);
  systemLettersRoutes(app, services);
  systemSenderRoutes(app, services);
  mailTemplatesRoutes(app, services);
  mailboxRoutes(app, services);
  callsRoutes(app, services);
  pbxRoutes(app, services);
  liveRoutes(app, services);
  notificationsRoutes(app, services);
  webhooksRoutes(app, services);
  calculationsRoutes(app, services);
  queueSetupRoutes(app, services);
  queueTicketsRoutes(app, services);
  queueStatsRoutes(app, services);
}

/** The single-page app: static files, and index.html for any other non-API GET (client routing). */
async function serveWeb(app: App, root: string): Promise<void> {
  const hasWeb = existsSync(`${root}/index.html`);
  if (hasWeb) await app.register(fastifyStatic, { root, wildcard: false, index: false, maxAge: '1h' });
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    if (hasWeb && req.method === 'GET' && !path.startsWith('/api/')) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendError(reply, requestLocale(req), 404, 'route_not_found', { method: req.method, url: path });
  });
}
