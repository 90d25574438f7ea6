import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const cli = path.join(repoRoot, 'bin', 'kartoteka.js');

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

/** The server runs on SQLite in its own data directory, whatever the developer's environment says. */
function serverEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
  for (const name of [
    'DATABASE_URL',
    'KARTOTEKA_CONFIG',
    'KARTOTEKA_DATA',
    'KARTOTEKA_SECRET_KEY',
    'HOST',
    'PORT',
  ]) {
    delete env[name];
  }
  return env;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (typeof address !== 'object' || !address) throw new Error('Could not find a free port');
  return address.port;
}

/**
 * Starts the built server (`npm run build`) on a fresh database holding the administrator and
 * the demo data, and waits until it answers. `env` adds settings of the test's own (say, a
 * shorter mail poll interval).
 */
export async function startServer(
  admin: { login: string; password: string },
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<RunningServer> {
  for (const built of ['dist/server/main.js', 'dist/web/index.html']) {
    if (!existsSync(path.join(repoRoot, built)))
      throw new Error(`${built} is missing: run \`npm run build\` first`);
  }
  const env = { ...serverEnv(), ...options.env };
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kartoteka-e2e-'));
  const data = ['--data', dataDir];
  const create = [
    'user',
    'create',
    '--login',
    admin.login,
    '--password',
    admin.password,
    '--full-name',
    'Администратор',
  ];
  await run(process.execPath, [cli, ...create, '--admin', ...data], { env });
  await run(process.execPath, [cli, 'demo', ...data], { env });

  const port = await freePort();
  const child = spawn(
    process.execPath,
    [cli, 'serve', '--host', '127.0.0.1', '--port', String(port), ...data],
    {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    await rm(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`The server exited with code ${child.exitCode}:\n${output}`);
    }
    const healthy = await fetch(`${url}/api/v1/health`).then(
      (res) => res.ok,
      () => false,
    );
    if (healthy) return { url, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The server did not answer /api/v1/health within 30 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
