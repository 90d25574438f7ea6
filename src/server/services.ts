import type { AppContext } from './context.js';
import { SessionsService } from './modules/auth/sessions.service.js';
import { UsersService } from './modules/auth/users.service.js';
import { RolesService } from './modules/auth/roles.service.js';
import { ApiTokensService } from './modules/auth/api-tokens.service.js';
import { EmployeesService } from './modules/employees/employees.service.js';
import { MailServersService } from './modules/admin/mail-servers.service.js';

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
  } satisfies Services);
  return services;
}
