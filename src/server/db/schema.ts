import type { ColumnType, Generated } from 'kysely';

/**
 * The tables as both engines return them. Ids and counters are JS numbers, timestamps are
 * ISO-8601 UTC strings, booleans (always named `is_*`) are booleans — the engine adapters
 * in this folder make SQLite and PostgreSQL agree on that.
 */
type Timestamp = ColumnType<string, string | undefined, string>;
type Id = Generated<number>;
/** A column the database fills with its default when an insert leaves it out. */
type WithDefault<T> = ColumnType<T, T | undefined, T>;

export interface UsersTable {
  id: Id;
  login: string;
  full_name: string;
  locale: WithDefault<string>;
  is_active: WithDefault<boolean>;
  employee_id: number | null;
  password_hash: string;
  last_login_at: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RolesTable {
  id: Id;
  code: string;
  name: string;
  description: WithDefault<string>;
  is_system: WithDefault<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UserRolesTable {
  user_id: number;
  role_id: number;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: Timestamp;
  expires_at: string;
  last_seen_at: Timestamp;
}

export interface ApiTokensTable {
  id: Id;
  user_id: number;
  name: string;
  token_hash: string;
  prefix: string;
  expires_at: string | null;
  last_used_at: string | null;
  created_at: Timestamp;
}

export interface LoginFailuresTable {
  key: string;
  failures: number;
  first_failed_at: string;
  locked_until: string | null;
}

export interface EmployeesTable {
  id: Id;
  full_name: string;
  position: WithDefault<string>;
  department: WithDefault<string>;
  phones: WithDefault<string>;
  email: string | null;
  mailbox_password_enc: string | null;
  is_active: WithDefault<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MailSettingsTable {
  id: number;
  smtp_host: string | null;
  smtp_port: number | null;
  smtp_security: WithDefault<string>;
  imap_host: string | null;
  imap_port: number | null;
  imap_security: WithDefault<string>;
  is_self_signed_allowed: WithDefault<boolean>;
  updated_at: Timestamp;
  updated_by: number | null;
  system_sender_address: string | null;
  system_sender_name: WithDefault<string>;
  system_sender_password_enc: string | null;
}

/** The columns every reference book (Настройка → Справочники) has. */
interface BookColumns {
  id: Id;
  code: string;
  name_ru: string;
  name_uk: string;
  name_en: string;
  sort_order: WithDefault<number>;
  color: string | null;
  is_system: WithDefault<boolean>;
  is_active: WithDefault<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EventTypesTable extends BookColumns {
  direction: WithDefault<string>;
  channel: WithDefault<string>;
  default_duration_minutes: WithDefault<number>;
}

export interface TaskStatusesTable extends BookColumns {
  is_initial: WithDefault<boolean>;
  is_final: WithDefault<boolean>;
}

export interface TaskStatusTransitionsTable {
  from_status_id: number;
  to_status_id: number;
}

export interface UserStatusesTable extends BookColumns {
  is_taking_clients: WithDefault<boolean>;
  is_queue_paused: WithDefault<boolean>;
}

export interface UserCurrentStatusesTable {
  user_id: number;
  status_id: number;
  set_at: string;
}

export interface JournalsTable extends BookColumns {
  doc_type: string;
  parent_id: number | null;
  is_default: WithDefault<boolean>;
}

export interface HistorySettingsTable {
  doc_type: string;
  field: string;
  is_recorded: WithDefault<boolean>;
}

export interface NumberingTemplatesTable {
  doc_type: string;
  template: string;
  reset_period: WithDefault<string>;
  start_value: WithDefault<number>;
  is_per_journal: WithDefault<boolean>;
  updated_at: string;
}

export interface NumberingCountersTable {
  doc_type: string;
  scope: string;
  period: string;
  value: number;
}

export interface UserParametersTable {
  user_id: number;
  position: WithDefault<string>;
  phone: string | null;
  sip_number: string | null;
  is_phone_autostart: WithDefault<boolean>;
  is_corporate_mail: WithDefault<boolean>;
  is_telephony_statuses: WithDefault<boolean>;
  is_call_popup: WithDefault<boolean>;
  is_notification_sound: WithDefault<boolean>;
  updated_at: string;
}

export interface TelephonySettingsTable {
  id: number;
  is_loading_enabled: WithDefault<boolean>;
  source_path: WithDefault<string>;
  min_number_length: WithDefault<number>;
  poll_interval_seconds: WithDefault<number>;
  time_zone: WithDefault<string>;
  last_import_at: string | null;
  last_import_result: string | null;
  updated_at: string;
  cdr_columns: WithDefault<string>;
  recording_url_template: WithDefault<string>;
  pbx_token_hash: string | null;
  is_ami_enabled: WithDefault<boolean>;
  ami_host: WithDefault<string>;
  ami_port: WithDefault<number>;
  ami_user: WithDefault<string>;
  ami_secret_enc: string | null;
  ami_channel_template: WithDefault<string>;
  ami_context: WithDefault<string>;
  ami_queue: WithDefault<string>;
  ami_queue_interface_template: WithDefault<string>;
}

export interface TelephonyCallsTable {
  id: Id;
  dedupe_key: string;
  external_id: string | null;
  linked_id: string | null;
  source: string;
  state: string;
  direction: string;
  external_number: string;
  external_e164: string | null;
  employee_number: WithDefault<string>;
  user_id: number | null;
  started_at: string;
  answered_at: string | null;
  duration_seconds: WithDefault<number>;
  billsec: WithDefault<number>;
  disposition: WithDefault<string>;
  recording_url: string | null;
  event_id: number | null;
  is_unknown: WithDefault<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TelephonyImportFilesTable {
  id: Id;
  identity: string;
  head_hash: WithDefault<string>;
  path: string;
  byte_offset: WithDefault<number>;
  line_number: WithDefault<number>;
  format: WithDefault<string>;
  header: WithDefault<string>;
  updated_at: string;
}

export interface EnterpriseTable {
  id: number;
  time_zone: WithDefault<string>;
  updated_at: string;
}

export interface SettingsChangesTable {
  id: Id;
  area: string;
  entity: string;
  entity_id: string | null;
  action: string;
  changes: string;
  user_id: number | null;
  created_at: string;
}

export interface ClientsTable {
  id: Id;
  kind: string;
  name: string;
  short_name: WithDefault<string>;
  tax_id: string | null;
  website: WithDefault<string>;
  /** JSON array */
  addresses: WithDefault<string>;
  /** JSON array of strings */
  tags: WithDefault<string>;
  notes: WithDefault<string>;
  responsible_id: number | null;
  external_id: string | null;
  created_by: number | null;
  merged_into_id: number | null;
  deleted_at: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ClientContactsTable {
  id: Id;
  client_id: number;
  name: string;
  position: WithDefault<string>;
  notes: WithDefault<string>;
  sort_order: WithDefault<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ClientPhonesTable {
  id: Id;
  client_id: number;
  contact_id: number | null;
  e164: string | null;
  original: string;
  kind: WithDefault<string>;
  sort_order: WithDefault<number>;
}

export interface ClientEmailsTable {
  id: Id;
  client_id: number;
  contact_id: number | null;
  email: string;
  original: string;
  sort_order: WithDefault<number>;
}

export interface ProjectsTable {
  id: Id;
  number: string;
  name: string;
  kind: string;
  client_id: number | null;
  manager_id: number | null;
  journal_id: number;
  status: string;
  planned_start: string | null;
  planned_end: string | null;
  actual_start: string | null;
  actual_end: string | null;
  description: WithDefault<string>;
  /** Set by a calculation or a person (0–100); null: the share of closed tasks is shown. */
  progress_percent: number | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProjectParticipantsTable {
  project_id: number;
  user_id: number;
}

export interface EventsTable {
  id: Id;
  number: string;
  type_id: number;
  subject: string;
  starts_at: string;
  ends_at: string | null;
  status: string;
  client_id: number | null;
  contact_id: number | null;
  project_id: number | null;
  journal_id: number;
  performer_id: number | null;
  description: WithDefault<string>;
  result: WithDefault<string>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EventParticipantsTable {
  event_id: number;
  user_id: number;
}

export interface TasksTable {
  id: Id;
  number: string;
  title: string;
  description: WithDefault<string>;
  status_id: number;
  priority: WithDefault<string>;
  author_id: number | null;
  performer_id: number | null;
  controller_id: number | null;
  starts_at: string | null;
  deadline: string | null;
  completed_at: string | null;
  project_id: number | null;
  event_id: number | null;
  client_id: number | null;
  journal_id: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TaskCommentsTable {
  id: Id;
  task_id: number;
  user_id: number | null;
  body: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TaskChecklistItemsTable {
  id: Id;
  task_id: number;
  text: string;
  sort_order: WithDefault<number>;
  is_done: WithDefault<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DocumentHistoryTable {
  id: Id;
  doc_type: string;
  doc_id: number;
  action: string;
  field: string | null;
  /** JSON */
  old_value: string | null;
  /** JSON */
  new_value: string | null;
  user_id: number | null;
  created_at: string;
}

export interface SearchEntriesTable {
  id: Id;
  doc_type: string;
  doc_id: number;
  title: string;
  subtitle: WithDefault<string>;
  body: string;
  updated_at: string;
}

export interface CalendarFeedsTable {
  user_id: number;
  token_hash: string;
  created_at: string;
}

export interface CardFileSettingsTable {
  id: number;
  default_phone_country: WithDefault<string>;
  updated_at: string;
}

/** Доступ к данным: rows held by a role or by one user (exactly one of the two is set). */
interface AccessSubjectColumns {
  role_id: number | null;
  user_id: number | null;
}

export interface AccessPermissionsTable extends AccessSubjectColumns {
  doc_type: string;
  action: string;
  level: string;
}

export interface AccessAreasTable extends AccessSubjectColumns {
  area: string;
  mode: string;
}

export interface JournalGrantsTable extends AccessSubjectColumns {
  journal_id: number;
  mode: string;
}

export interface MailMessagesTable {
  id: Id;
  message_id: string;
  direction: string;
  event_id: number;
  task_id: number | null;
  thread_id: number | null;
  in_reply_to: string | null;
  references_ids: WithDefault<string>;
  from_address: WithDefault<string>;
  from_name: WithDefault<string>;
  /** JSON [{ address, name }] */
  to_list: WithDefault<string>;
  cc_list: WithDefault<string>;
  bcc_list: WithDefault<string>;
  subject: WithDefault<string>;
  sent_at: string;
  text_body: WithDefault<string>;
  html_body: WithDefault<string>;
  size: WithDefault<number>;
  note: WithDefault<string>;
  status: string;
  attempts: WithDefault<number>;
  next_attempt_at: string | null;
  last_error: string | null;
  smtp_response: string | null;
  sent_by: number | null;
  sender_employee_id: number | null;
  is_remote_images: WithDefault<boolean>;
  is_unsorted: WithDefault<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MailAttachmentsTable {
  id: Id;
  mail_id: number;
  filename: string;
  content_type: string;
  size: number;
  content_id: string | null;
  content: Buffer | null;
  is_inline: WithDefault<boolean>;
}

export interface MailTemplatesTable {
  id: Id;
  name: string;
  subject: WithDefault<string>;
  body_html: WithDefault<string>;
  created_by: number | null;
  is_active: WithDefault<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MailMailboxesTable {
  id: Id;
  user_id: number;
  account: WithDefault<string>;
  /** JSON array of folder paths */
  folders: WithDefault<string>;
  status: WithDefault<string>;
  last_sync_at: string | null;
  last_error: string | null;
  message_count: WithDefault<number>;
  failures: WithDefault<number>;
  next_attempt_at: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MailMailboxFoldersTable {
  mailbox_id: number;
  folder: string;
  uid_validity: number;
  last_uid: WithDefault<number>;
  updated_at: string;
}

export interface DB {
  users: UsersTable;
  roles: RolesTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_failures: LoginFailuresTable;
  employees: EmployeesTable;
  mail_settings: MailSettingsTable;
  event_types: EventTypesTable;
  task_statuses: TaskStatusesTable;
  task_status_transitions: TaskStatusTransitionsTable;
  user_statuses: UserStatusesTable;
  user_current_statuses: UserCurrentStatusesTable;
  journals: JournalsTable;
  history_settings: HistorySettingsTable;
  numbering_templates: NumberingTemplatesTable;
  numbering_counters: NumberingCountersTable;
  user_parameters: UserParametersTable;
  telephony_settings: TelephonySettingsTable;
  enterprise: EnterpriseTable;
  settings_changes: SettingsChangesTable;
  clients: ClientsTable;
  client_contacts: ClientContactsTable;
  client_phones: ClientPhonesTable;
  client_emails: ClientEmailsTable;
  projects: ProjectsTable;
  project_participants: ProjectParticipantsTable;
  events: EventsTable;
  event_participants: EventParticipantsTable;
  tasks: TasksTable;
  task_comments: TaskCommentsTable;
  task_checklist_items: TaskChecklistItemsTable;
  document_history: DocumentHistoryTable;
  search_entries: SearchEntriesTable;
  calendar_feeds: CalendarFeedsTable;
  card_file_settings: CardFileSettingsTable;
  access_permissions: AccessPermissionsTable;
  access_areas: AccessAreasTable;
  journal_grants: JournalGrantsTable;
  mail_messages: MailMessagesTable;
  mail_attachments: MailAttachmentsTable;
  mail_templates: MailTemplatesTable;
  mail_mailboxes: MailMailboxesTable;
  mail_mailbox_folders: MailMailboxFoldersTable;
  telephony_calls: TelephonyCallsTable;
  telephony_import_files: TelephonyImportFilesTable;
  notification_rules: NotificationRulesTable;
  notification_user_prefs: NotificationUserPrefsTable;
  notification_user_settings: NotificationUserSettingsTable;
  notifications: NotificationsTable;
  notification_reminders: NotificationRemindersTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  mail_system_letters: MailSystemLettersTable;
  calculations: CalculationsTable;
  calculation_versions: CalculationVersionsTable;
  calculation_runs: CalculationRunsTable;
  calculation_errors: CalculationErrorsTable;
  queue_services: QueueServicesTable;
  queue_windows: QueueWindowsTable;
  queue_service_operators: QueueServiceOperatorsTable;
  queue_service_windows: QueueServiceWindowsTable;
  queue_operator_places: QueueOperatorPlacesTable;
  queue_devices: QueueDevicesTable;
  queue_counters: QueueCountersTable;
  queue_tickets: QueueTicketsTable;
}

export interface NotificationRulesTable {
  trigger: string;
  /** JSON arrays */
  recipients: WithDefault<string>;
  status_ids: WithDefault<string>;
  user_ids: WithDefault<string>;
  lead_minutes: number | null;
  is_enabled: WithDefault<boolean>;
  is_in_app: WithDefault<boolean>;
  is_email: WithDefault<boolean>;
  is_mandatory: WithDefault<boolean>;
  updated_at: Timestamp;
  updated_by: number | null;
}

export interface NotificationUserPrefsTable {
  user_id: number;
  trigger: string;
  channel: string;
  is_enabled: WithDefault<boolean>;
}

export interface NotificationUserSettingsTable {
  user_id: number;
  email_mode: WithDefault<string>;
  digest_hour: WithDefault<number>;
  last_digest_at: string | null;
  updated_at: Timestamp;
}

export interface NotificationsTable {
  id: Id;
  user_id: number;
  trigger: string;
  doc_type: string;
  doc_id: number;
  actor_id: number | null;
  /** JSON */
  params: WithDefault<string>;
  created_at: Timestamp;
  read_at: string | null;
  email_state: string | null;
  dedupe_key: string | null;
  is_in_app: WithDefault<boolean>;
}

export interface NotificationRemindersTable {
  id: Id;
  doc_type: string;
  doc_id: number;
  kind: string;
  fire_at: string;
  fired_at: string | null;
  updated_at: Timestamp;
}

export interface WebhooksTable {
  id: Id;
  name: string;
  url: string;
  /** JSON arrays */
  events: WithDefault<string>;
  doc_types: WithDefault<string>;
  secret_enc: string;
  is_active: WithDefault<boolean>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WebhookDeliveriesTable {
  id: Id;
  webhook_id: number;
  event: string;
  doc_type: string | null;
  doc_id: number | null;
  payload: string;
  status: WithDefault<string>;
  attempts: WithDefault<number>;
  next_attempt_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  duration_ms: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  delivered_at: string | null;
}

export interface MailSystemLettersTable {
  id: Id;
  to_address: string;
  to_name: WithDefault<string>;
  subject: string;
  text_body: WithDefault<string>;
  html_body: WithDefault<string>;
  status: WithDefault<string>;
  attempts: WithDefault<number>;
  next_attempt_at: string | null;
  last_error: string | null;
  smtp_response: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  sent_at: string | null;
}

export interface CalculationsTable {
  id: Id;
  name: string;
  doc_type: string;
  trigger: string;
  position: WithDefault<number>;
  time_limit_ms: WithDefault<number>;
  memory_limit_mb: WithDefault<number>;
  code: WithDefault<string>;
  version: WithDefault<number>;
  example_key: string | null;
  is_enabled: WithDefault<boolean>;
  created_at: Timestamp;
  created_by: number | null;
  updated_at: Timestamp;
  updated_by: number | null;
}

export interface CalculationVersionsTable {
  id: Id;
  calculation_id: number;
  version: number;
  name: string;
  doc_type: string;
  trigger: string;
  position: number;
  time_limit_ms: number;
  memory_limit_mb: number;
  code: string;
  is_enabled: WithDefault<boolean>;
  action: string;
  rolled_back_to: number | null;
  changed_at: Timestamp;
  changed_by: number | null;
}

export interface CalculationRunsTable {
  id: Id;
  calculation_id: number;
  doc_type: string;
  doc_id: number;
  /** JSON: { action, doc, prev, actorId, locale } */
  context: string;
  depth: WithDefault<number>;
  created_at: Timestamp;
  claimed_at: string | null;
  done_at: string | null;
}

export interface CalculationErrorsTable {
  id: Id;
  calculation_id: number;
  version: number;
  trigger: string;
  doc_type: string;
  doc_id: number | null;
  kind: string;
  message: string;
  line: number | null;
  actor_id: number | null;
  created_at: Timestamp;
}

export interface QueueServicesTable {
  id: Id;
  name_ru: string;
  name_uk: string;
  name_en: string;
  prefix: string;
  priority: WithDefault<number>;
  sort_order: WithDefault<number>;
  is_daily_reset: WithDefault<boolean>;
  is_active: WithDefault<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface QueueWindowsTable {
  id: Id;
  name: string;
  sort_order: WithDefault<number>;
  is_active: WithDefault<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface QueueServiceOperatorsTable {
  service_id: number;
  user_id: number;
}

export interface QueueServiceWindowsTable {
  service_id: number;
  window_id: number;
}

export interface QueueOperatorPlacesTable {
  user_id: number;
  window_id: number | null;
  updated_at: Timestamp;
}

export interface QueueDevicesTable {
  id: Id;
  name: string;
  /** kiosk | board */
  kind: string;
  token_hash: string;
  token_hint: string;
  tickets_per_minute: WithDefault<number>;
  /** JSON array of service ids; [] = all */
  service_ids: WithDefault<string>;
  last_seen_at: string | null;
  created_by: number | null;
  is_active: WithDefault<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface QueueCountersTable {
  service_id: number;
  /** YYYY-MM-DD in the enterprise time zone, or '-' (never reset) */
  day: string;
  last_number: number;
}

export interface QueueTicketsTable {
  id: Id;
  service_id: number;
  day: string;
  number: number;
  code: string;
  /** waiting | called | serving | done | no_show | redirected */
  state: string;
  client_id: number | null;
  phone: string | null;
  device_id: number | null;
  issued_at: string;
  queued_at: string;
  first_called_at: string | null;
  called_at: string | null;
  serving_at: string | null;
  finished_at: string | null;
  call_count: WithDefault<number>;
  operator_id: number | null;
  window_id: number | null;
  redirected_from_id: number | null;
  event_id: number | null;
  updated_at: Timestamp;
}
