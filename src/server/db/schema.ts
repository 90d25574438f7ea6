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

export interface DB {
  users: UsersTable;
  roles: RolesTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_failures: LoginFailuresTable;
  employees: EmployeesTable;
  mail_settings: MailSettingsTable;
}
