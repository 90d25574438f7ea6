import type { AppContext } from './context.js';
import { SessionsService } from './modules/auth/sessions.service.js';
import { UsersService } from './modules/auth/users.service.js';
import { RolesService } from './modules/auth/roles.service.js';
import { ApiTokensService } from './modules/auth/api-tokens.service.js';
import { EmployeesService } from './modules/employees/employees.service.js';
import { MailServersService } from './modules/admin/mail-servers.service.js';
import { EnterpriseService } from './modules/admin/enterprise.service.js';
import { SettingsChangesService } from './modules/settings/settings-changes.service.js';
import { ReferenceBooksService } from './modules/settings/reference-books.service.js';
import { UserParametersService } from './modules/settings/user-parameters.service.js';
import { NumberingService } from './modules/numbering/numbering.service.js';
import { TelephonySettingsService } from './modules/telephony/telephony-settings.service.js';
import { ClientsService } from './modules/clients/clients.service.js';
import { ProjectsService } from './modules/projects/projects.service.js';
import { EventsService } from './modules/events/events.service.js';
import { TasksService } from './modules/tasks/tasks.service.js';
import { SearchService } from './modules/search/search.service.js';
import { ClientImportService } from './modules/imports/client-import.service.js';
import { CalendarService } from './modules/calendar/calendar.service.js';
import { DocumentHistoryService } from './modules/history/document-history.service.js';
import { TimelineService } from './modules/timeline/timeline.service.js';
import { AccessService } from './modules/access/access.service.js';
import { AccessSettingsService } from './modules/access/access-settings.service.js';
import { MailService } from './modules/mail/mail.service.js';
import { OutboxService } from './modules/mail/outbox.service.js';
import { MailTemplatesService } from './modules/mail/mail-templates.service.js';
import { MailboxesService } from './modules/mail/mailboxes.service.js';
import { UnsortedMailService } from './modules/mail/unsorted-mail.service.js';
import { LiveService } from './modules/live/live.service.js';
import { CallsService } from './modules/telephony/calls.service.js';
import { CallImportService } from './modules/telephony/call-import.service.js';
import { PbxService } from './modules/telephony/pbx.service.js';
import { AmiService } from './modules/telephony/ami.service.js';
import { DocumentChangesService } from './modules/document-changes/document-changes.service.js';
import { NotificationsService } from './modules/notifications/notifications.service.js';
import { NotificationRulesService } from './modules/notifications/notification-rules.service.js';
import { NotificationPreferencesService } from './modules/notifications/notification-preferences.service.js';
import { RemindersService } from './modules/notifications/reminders.service.js';
import { WebhooksService } from './modules/webhooks/webhooks.service.js';
import { CalculationsService } from './modules/calculations/calculations.service.js';
import { QueueSetupService } from './modules/queue/queue-setup.service.js';
import { QueueDevicesService } from './modules/queue/queue-devices.service.js';
import { QueueTicketsService } from './modules/queue/queue-tickets.service.js';
import { QueueStatsService } from './modules/queue/queue-stats.service.js';
import { SystemLettersService } from './modules/mail/system-letters.service.js';
import { SystemSenderService } from './modules/admin/system-sender.service.js';

/**
 * Every module's service, built once per app. Services reach each other through this object
 * (resolved at call time, so the order of construction does not matter).
 */
export interface Services {
  sessions: SessionsService;
  users: UsersService;
  roles: RolesService;
  apiTokens: ApiTokensService;
  employees: EmployeesService;
  mailServers: MailServersService;
  enterprise: EnterpriseService;
  settingsChanges: SettingsChangesService;
  referenceBooks: ReferenceBooksService;
  userParameters: UserParametersService;
  numbering: NumberingService;
  telephonySettings: TelephonySettingsService;
  clients: ClientsService;
  projects: ProjectsService;
  events: EventsService;
  tasks: TasksService;
  search: SearchService;
  clientImport: ClientImportService;
  calendar: CalendarService;
  history: DocumentHistoryService;
  timeline: TimelineService;
  access: AccessService;
  accessSettings: AccessSettingsService;
  mail: MailService;
  outbox: OutboxService;
  mailTemplates: MailTemplatesService;
  mailboxes: MailboxesService;
  unsortedMail: UnsortedMailService;
  live: LiveService;
  calls: CallsService;
  callImport: CallImportService;
  pbx: PbxService;
  ami: AmiService;
  documentChanges: DocumentChangesService;
  notifications: NotificationsService;
  notificationRules: NotificationRulesService;
  notificationPreferences: NotificationPreferencesService;
  reminders: RemindersService;
  webhooks: WebhooksService;
  calculations: CalculationsService;
  queueSetup: QueueSetupService;
  queueDevices: QueueDevicesService;
  queueTickets: QueueTicketsService;
  queueStats: QueueStatsService;
  systemLetters: SystemLettersService;
  systemSender: SystemSenderService;
}

export function createServices(ctx: AppContext): Services {
  const services = {} as Services;
  Object.assign(services, {
    sessions: new SessionsService(ctx, services),
    users: new UsersService(ctx, services),
    roles: new RolesService(ctx),
    apiTokens: new ApiTokensService(ctx),
    employees: new EmployeesService(ctx, services),
    mailServers: new MailServersService(ctx, services),
    enterprise: new EnterpriseService(ctx, services),
    settingsChanges: new SettingsChangesService(ctx),
    referenceBooks: new ReferenceBooksService(ctx, services),
    userParameters: new UserParametersService(ctx, services),
    numbering: new NumberingService(ctx, services),
    telephonySettings: new TelephonySettingsService(ctx, services),
    clients: new ClientsService(ctx, services),
    projects: new ProjectsService(ctx, services),
    events: new EventsService(ctx, services),
    tasks: new TasksService(ctx, services),
    search: new SearchService(ctx, services),
    clientImport: new ClientImportService(ctx, services),
    calendar: new CalendarService(ctx, services),
    history: new DocumentHistoryService(ctx, services),
    timeline: new TimelineService(ctx, services),
    access: new AccessService(ctx, services),
    accessSettings: new AccessSettingsService(ctx, services),
    mail: new MailService(ctx, services),
    outbox: new OutboxService(ctx, services),
    mailTemplates: new MailTemplatesService(ctx, services),
    mailboxes: new MailboxesService(ctx, services),
    unsortedMail: new UnsortedMailService(ctx, services),
    live: new LiveService(ctx),
    calls: new CallsService(ctx, services),
    callImport: new CallImportService(ctx, services),
    pbx: new PbxService(ctx, services),
    ami: new AmiService(ctx, services),
    documentChanges: new DocumentChangesService(ctx, services),
    notifications: new NotificationsService(ctx, services),
    notificationRules: new NotificationRulesService(ctx, services),
    notificationPreferences: new NotificationPreferencesService(ctx, services),
    reminders: new RemindersService(ctx, services),
    webhooks: new WebhooksService(ctx, services),
    calculations: new CalculationsService(ctx, services),
    queueSetup: new QueueSetupService(ctx, services),
    queueDevices: new QueueDevicesService(ctx, services),
    queueTickets: new QueueTicketsService(ctx, services),
    queueStats: new QueueStatsService(ctx, services),
    systemLetters: new SystemLettersService(ctx, services),
    systemSender: new SystemSenderService(ctx, services),
  } satisfies Services);
  return services;
}
