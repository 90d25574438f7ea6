/** Query keys, shared because modules refresh each other's data (employees list their users...). */
export const queryKeys = {
  me: ['me'],
  employees: ['employees'],
  users: ['users'],
  roles: ['roles'],
  mailServers: ['mail-servers'],
  apiTokens: ['api-tokens'],
  // Card files: a key is a prefix; ['tasks', id] and ['tasks', 'list', filter] both sit under ['tasks'].
  clients: ['clients'],
  projects: ['projects'],
  events: ['events'],
  tasks: ['tasks'],
  calendar: ['calendar'],
  search: ['search'],
  books: ['books'],
} as const;
