/**
 * The built server (dist/, what `npm run build` makes), loaded with the types of its sources.
 * The card-file bench and the data generator run the same code the product ships.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = new URL('../dist/server/', import.meta.url);

async function load<T>(file: string): Promise<T> {
  const url = new URL(file, dist);
  if (!existsSync(fileURLToPath(url))) {
    throw new Error(`${fileURLToPath(url)} is missing: build the server first (npm run build)`);
  }
  return (await import(url.href)) as T;
}

export const built = {
  config: () => load<typeof import('../src/server/config.js')>('config.js'),
  bootstrap: () => load<typeof import('../src/server/bootstrap.js')>('bootstrap.js'),
  app: () => load<typeof import('../src/server/app.js')>('app.js'),
  services: () => load<typeof import('../src/server/services.js')>('services.js'),
  roles: () =>
    load<typeof import('../src/server/modules/auth/roles.service.js')>('modules/auth/roles.service.js'),
  phones: () => load<typeof import('../src/server/modules/clients/phones.js')>('modules/clients/phones.js'),
  taxId: () => load<typeof import('../src/server/modules/clients/tax-id.js')>('modules/clients/tax-id.js'),
  searchText: () =>
    load<typeof import('../src/server/modules/search/search-text.js')>('modules/search/search-text.js'),
  template: () =>
    load<typeof import('../src/server/modules/numbering/template.js')>('modules/numbering/template.js'),
};
