import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { cliEnv, runCli, serve } from '../support/cli.js';

async function login(url: string, login: string, password: string): Promise<number> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password }),
  });
  return res.status;
}

describe('the kartoteka command', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('migrates an empty database', async () => {
    const r = await runCli(['migrate'], cliEnv(db));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('is up to date');
  });

  it('serves, creating the first administrator once and printing its password, then shuts down gracefully', async () => {
    const server = await serve(cliEnv(db, { LOG_LEVEL: 'info' }));
    try {
      const password = /password: (\S+)/.exec(server.output())?.[1];
      expect(password).toBeTruthy();
      expect(server.output()).toContain('login:    admin');
      const health = await fetch(`${server.url}/api/v1/health`);
      expect(health.status).toBe(200);
      expect((await health.json()).database.engine).toBe(db.engine);
      expect(await login(server.url, 'admin', password!)).toBe(200);
      // Client-side routes are answered with the web app.
      const page = await fetch(`${server.url}/employees`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
    } finally {
      expect(await server.stop('SIGTERM')).toBe(0);
    }
    // Buffered log lines are written out before the process exits.
    const lines = server
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'));
    const logged = lines.map((l) => JSON.parse(l) as { msg: string; url?: string; status?: number });
    expect(logged).toContainEqual(
      expect.objectContaining({ msg: 'request', url: '/api/v1/health', status: 200 }),
    );
    expect(logged.at(-1)?.msg).toBe('shutting down');

    const again = await serve(cliEnv(db));
    expect(again.output()).not.toContain('password:');
    expect(await again.stop()).toBe(0);
  });

  it('creates users and resets passwords from the command line', async () => {
    const env = cliEnv(db);
    const created = await runCli(
      ['user', 'create', '--login', 'Boss', '--password', 'boss-password-1', '--admin'],
      env,
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('Created user boss (administrator)');
    const generated = await runCli(['user', 'create', '--login', 'clerk', '--full-name', 'Клерк'], env);
    const clerkPassword = /password: (\S+)/.exec(generated.stdout)?.[1];
    expect(clerkPassword).toHaveLength(16);
    const dup = await runCli(['user', 'create', '--login', 'clerk', '--password', 'whatever-1'], env);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('login_taken');

    const reset = await runCli(['user', 'reset-password', '--login', 'boss'], env);
    expect(reset.code).toBe(0);
    const newPassword = /password: (\S+)/.exec(reset.stdout)?.[1];
    const missing = await runCli(['user', 'reset-password', '--login', 'nobody'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No user with login nobody');

    const server = await serve(env);
    try {
      expect(await login(server.url, 'boss', 'boss-password-1')).toBe(401);
      expect(await login(server.url, 'boss', newPassword!)).toBe(200);
      expect(await login(server.url, 'clerk', clerkPassword!)).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('loads demo data once', async () => {
    const first = await runCli(['demo'], cliEnv(db));
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /Demo data loaded; demo users ivanova, petrenko, sidorova have the password \S{16}/,
    );
    const second = await runCli(['demo'], cliEnv(db));
    expect(second.stdout).toContain('already loaded');
  });

  it('exits with a clear message on invalid configuration', async () => {
    const r = await runCli(['serve'], cliEnv(db, { PORT: 'http', KARTOTEKA_SQLITE_SYNCHRONOUS: 'OFF' }));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Invalid configuration');
    expect(r.stderr).toContain('PORT');
    expect(r.stderr).toContain('KARTOTEKA_SQLITE_SYNCHRONOUS');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('the embedded database file', () => {
  it('refuses a second process with a clear error instead of sharing the file', async () => {
    // This is about the SQLite file itself, so it runs on SQLite whatever the suite's engine.
    const sqliteOnly = { ...(await createTestDatabase()), databaseUrl: undefined };
    const env = cliEnv(sqliteOnly);
    delete env.DATABASE_URL;
    const first = await serve(env);
    try {
      const second = await runCli(['serve', '--port', '0'], env);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain('is already in use by another Kartoteka process');
      const migrate = await runCli(['migrate'], env);
      expect(migrate.code).toBe(1);
      expect((await fetch(`${first.url}/api/v1/health`)).status).toBe(200);
    } finally {
      await first.stop();
    }
    expect((await runCli(['migrate'], env)).code).toBe(0);
  });
});
