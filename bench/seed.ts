/**
 * `npm run bench:seed`: the benchmark data set of the card files — 1M clients, 5M events, 1M
 * tasks at scale 1 — on SQLite and/or PostgreSQL. See bench/seed/dataset.ts for the layout.
 *
 *   npm run bench:seed -- [--scale 1] [--engine sqlite|postgres|both] [--force]
 *     [--data DIR (default /tmp/kartoteka-bench, env KARTOTEKA_BENCH_DATA)]
 *     [--server postgres://… (default env BENCH_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres)]
 *     [--database NAME (default kartoteka_bench, env KARTOTEKA_BENCH_DATABASE)]
 */
import { parseArgs } from 'node:util';
import {
  DEFAULT_DATABASE,
  DEFAULT_ROOT,
  DEFAULT_SERVER,
  SeedError,
  seed,
  target,
  type Engine,
} from './seed/dataset.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: '1' },
      engine: { type: 'string', default: 'both' },
      force: { type: 'boolean', default: false },
      data: { type: 'string', default: DEFAULT_ROOT },
      server: { type: 'string', default: DEFAULT_SERVER },
      database: { type: 'string', default: DEFAULT_DATABASE },
    },
  });
  const scale = Number(values.scale);
  if (!(scale > 0 && scale <= 10))
    throw new SeedError(`--scale must be a number in (0, 10], got ${values.scale}`);
  const engines: Engine[] =
    values.engine === 'both'
      ? ['sqlite', 'postgres']
      : values.engine === 'sqlite' || values.engine === 'postgres'
        ? [values.engine]
        : [];
  if (!engines.length) throw new SeedError(`--engine must be sqlite, postgres or both, got ${values.engine}`);
  for (const engine of engines) {
    await seed(target(engine, values.data, values.server, values.database), scale, {
      force: values.force,
      print: (line) => console.log(line),
    });
  }
}

try {
  await main();
} catch (e) {
  if (!(e instanceof SeedError || (e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')) throw e;
  console.error(`bench:seed: ${(e as Error).message}`);
  process.exitCode = 1;
}
