#!/usr/bin/env node
// The CLI runs the compiled server; `npm run build` (or `npm start`) produces dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/server/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  console.error('Kartoteka is not built yet: run `npm run build` first.');
  process.exit(1);
}
const { run } = await import(main.href);
await run(process.argv);
