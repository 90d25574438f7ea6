import { Command, Option } from 'commander';
import type { Logger } from 'pino';
import { ConfigError, loadConfig, type ConfigInput } from './config.js';
import { ensureFirstAdmin, openContext } from './bootstrap.js';
import { buildApp } from './app.js';
import { createServices } from './services.js';
import { loadDemo } from './demo.js';
import type { QueueDemo } from './modules/queue/queue-demo.js';
import { DatabaseInUseError } from './db/sqlite.js';
import { generatePassword } from './security/passwords.js';
import { ADMIN_ROLE } from './modules/auth/roles.service.js';
import { AppError } from './http/errors.js';
import { VERSION } from './version.js';
import type { AppContext } from './context.js';
import { importClientsCli, type ImportCliOptions } from './modules/imports/client-import.cli.js';
import { importCallsCli } from './modules/telephony/call-import.cli.js';

const print = (line = '') => process.stdout.write(line + '\n');

/** Runs a command with an opened, migrated database, and closes it afterwards. */
async function withContext<T>(overrides: ConfigInput, fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  const ctx = await openContext(loadConfig(process.env, overrides));
  try {
    return await fn(ctx);
  } finally {
    await ctx.database.close();
  }
}

function printAdmin(admin: { login: string; password: string }): void {
  print('');
  print('  First administrator created — this password is shown only once:');
  print(`    login:    ${admin.login}`);
  print(`    password: ${admin.password}`);
  print('');
}

/** The demo kiosk's and board's addresses: their tokens are shown only now. */
function printQueueDemo(queue: QueueDemo | null, publicUrl: string): void {
  if (!queue) return;
  print(`  Electronic queue (open on the devices; shown only once):`);
  print(`    kiosk: ${queue.kioskUrl}`);
  print(`    board: ${queue.boardUrl}`);
  print(`    operator desk: ${publicUrl}/queue/operator\n`);
}

async function serve(opts: { host?: string; port?: string; data?: string; demo?: boolean }): Promise<void> {
  const config = loadConfig(process.env, { host: opts.host, port: opts.port, dataDir: opts.data });
  const ctx = await openContext(config);
  const { app, services } = await buildApp(ctx, { jobs: true });
  const admin = await ensureFirstAdmin(services);
  if (admin) printAdmin(admin);
  if (opts.demo && admin) {
    const demo = await loadDemo(ctx, services);
    if (demo.created) {
      print(`  Demo data loaded; demo users ${demo.logins.join(', ')} have the password ${demo.password}`);
      printQueueDemo(demo.queue, config.publicUrl);
    }
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // In-flight requests finish; a stuck one does not keep the process forever.
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    await app.close();
    await ctx.database.close();
    clearTimeout(force);
    // Logs go to stdout asynchronously; write out what is buffered before exiting.
    // FastifyBaseLogger omits pino's flush(cb), which the logger built by app.ts has.
    await new Promise<void>((done) => (app.log as unknown as Logger).flush(() => done()));
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ host: config.host, port: config.port });
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  print(
    `Kartoteka ${VERSION} on ${ctx.database.engine} (${ctx.database.location}) at http://${shown}:${port}`,
  );
}

export async function run(argv: string[]): Promise<void> {
  const program = new Command('kartoteka').version(VERSION).description('Kartoteka CRM');
  const dataOption = () =>
    new Option('--data <dir>', 'data directory for the embedded database (env KARTOTEKA_DATA)');

  program
    .command('serve')
    .description('run the API, the web UI and the background jobs')
    .option('--host <host>', 'listen address (env HOST, default 0.0.0.0)')
    .option('--port <port>', 'listen port (env PORT, default 3000)')
    .addOption(dataOption())
    .addOption(new Option('--demo', 'load demo data into an empty database (used by npm start)').hideHelp())
    .action(serve);

  program
    .command('migrate')
    .description('bring the database schema up to date')
    .addOption(dataOption())
    .action(async (opts: { data?: string }) => {
      await withContext({ dataDir: opts.data }, async (ctx) => {
        print(`Database ${ctx.database.location} is up to date.`);
      });
    });

  const user = program.command('user').description('manage users');
  user
    .command('create')
    .description('create a user (a password is generated and printed when not given)')
    .requiredOption('--login <login>')
    .option('--password <password>')
    .option('--full-name <name>')
    .option('--admin', 'give the administrator role')
    .addOption(dataOption())
    .action(
      async (opts: {
        login: string;
        password?: string;
        fullName?: string;
        admin?: boolean;
        data?: string;
      }) => {
        await withContext({ dataDir: opts.data }, async (ctx) => {
          const services = createServices(ctx);
          const password = opts.password ?? generatePassword();
          const roleIds = opts.admin ? [await services.roles.idByCode(ADMIN_ROLE)] : [];
          const created = await services.users.create({
            login: opts.login,
            fullName: opts.fullName ?? opts.login,
            password,
            roleIds,
          });
          print(`Created user ${created.login}${opts.admin ? ' (administrator)' : ''}.`);
          if (!opts.password) print(`password: ${password}`);
        });
      },
    );
  user
    .command('reset-password')
    .description('set a new password (generated and printed when not given) and end the user’s sessions')
    .requiredOption('--login <login>')
    .option('--password <password>')
    .addOption(dataOption())
    .action(async (opts: { login: string; password?: string; data?: string }) => {
      await withContext({ dataDir: opts.data }, async (ctx) => {
        const services = createServices(ctx);
        const id = await services.users.findIdByLogin(opts.login);
        if (id === null) throw new CliError(`No user with login ${opts.login}.`);
        const password = opts.password ?? generatePassword();
        await services.users.setPassword(id, password);
        await services.sessions.revokeAllFor(id);
        print(`Password of ${opts.login} changed.`);
        if (!opts.password) print(`password: ${password}`);
      });
    });

  program
    .command('demo')
    .description('load demo data (employees, users, roles)')
    .addOption(dataOption())
    .action(async (opts: { data?: string }) => {
      await withContext({ dataDir: opts.data }, async (ctx) => {
        const services = createServices(ctx);
        const admin = await ensureFirstAdmin(services);
        if (admin) printAdmin(admin);
        const demo = await loadDemo(ctx, services);
        print(
          demo.created
            ? `Demo data loaded; demo users ${demo.logins.join(', ')} have the password ${demo.password}`
            : 'Demo data is already loaded.',
        );
        printQueueDemo(demo.queue, ctx.config.publicUrl);
      });
    });

  program
    .command('import')
    .description('import records from a file')
    .command('clients')
    .description('import clients with contact persons from CSV or XLSX (exit code 2: some rows rejected)')
    .argument('<file>', 'a .csv or .xlsx file')
    .option('--mapping <json>', 'columns of the fields, e.g. {"name":0,"taxId":"ИНН"} (default: by headers)')
    .option('--dry-run', 'check and count everything, save nothing')
    .option('--delimiter <char>', 'CSV separator: ";", "," or a tab (default: detected)')
    .option('--encoding <name>', 'CSV encoding: auto, utf-8 or windows-1251', 'auto')
    .option('--sheet <name>', 'XLSX worksheet (default: the first one with data)')
    .addOption(dataOption())
    .action(async (file: string, opts: ImportCliOptions & { data?: string }) => {
      await withContext({ dataDir: opts.data }, async (ctx) => {
        process.exitCode = await importClientsCli(createServices(ctx), file, opts, {
          out: print,
          err: process.stderr,
          env: process.env,
        });
      });
    });

  program
    .command('calls')
    .description('telephony call records')
    .command('import')
    .description(
      'load call records (Asterisk Master.csv, FreePBX CSV) from files or directories, resuming where ' +
        'the last run stopped (exit code 2: some lines rejected)',
    )
    .argument('<file...>', 'call-record files or directories of them')
    .addOption(dataOption())
    .action(async (files: string[], opts: { data?: string }) => {
      await withContext({ dataDir: opts.data }, async (ctx) => {
        process.exitCode = await importCallsCli(createServices(ctx), files, {
          out: print,
          err: process.stderr,
          env: process.env,
        });
      });
    });

  try {
    await program.parseAsync(argv);
  } catch (e) {
    process.exitCode = 1;
    if (e instanceof ConfigError || e instanceof DatabaseInUseError || e instanceof CliError) {
      process.stderr.write(`kartoteka: ${e.message}\n`);
    } else if (e instanceof AppError) {
      process.stderr.write(
        `kartoteka: ${e.code} ${JSON.stringify(e.params)}${e.details ? ' ' + JSON.stringify(e.details) : ''}\n`,
      );
    } else {
      process.stderr.write(`kartoteka: ${(e as Error).stack ?? String(e)}\n`);
    }
  }
}

class CliError extends Error {}
