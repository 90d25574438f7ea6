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
}
