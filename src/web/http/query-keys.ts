/** Query keys, shared because modules refresh each other's data (employees list their users...). */
export const queryKeys = {
  me: ['me'],
  employees: ['employees'],
  users: ['users'],
  roles: ['roles'],
  mailServers: ['mail-servers'],
  apiTokens: ['api-tokens'],
} as const;
