/**
 * The mail cases of `npm run bench`, on each engine (BENCH_ENGINES): the built app runs in this
 * process on a fresh database, with a real Dovecot and a real SMTP server (test/support/mail-peers).
 *
 * - IMAP sync: BENCH_MAIL_SYNC messages (default 10 000) are delivered to one mailbox with IMAP
 *   APPEND (a third from clients' addresses, a tenth replies, a twentieth with a 20 KB attachment),
 *   then one mailbox sync is timed (target ≥ 300 msg/s).
 * - Outbox: BENCH_MAIL_SEND letters (default 1 000) are written over HTTP (timed apart), then the
 *   outbox sends them to the SMTP server (target ≥ 100 msg/s).
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { ImapFlow } from 'imapflow';
import { built } from './built.js';
import { eachEngine, freshDatabase, injectLogin, type EngineOutcome, type Inject } from './in-process.js';
import { startDovecot, startSmtpServer } from '../test/support/mail-peers.js';

const SYNC_MESSAGES = Number(process.env.BENCH_MAIL_SYNC ?? 10_000);
const SEND_MESSAGES = Number(process.env.BENCH_MAIL_SEND ?? 1_000);
const CLIENTS = 200;
const ADMIN_PASSWORD = 'bench-password-1';
const MAILBOX = { login: 'bench@example.test', password: 'mailbox-pw-1' };

export interface MailEngineResult extends EngineOutcome {
  sync: { messages: number; stored: number; seconds: number; messagesPerSecond: number } | null;
  compose: { letters: number; seconds: number; lettersPerSecond: number } | null;
  send: { letters: number; received: number; seconds: number; lettersPerSecond: number } | null;
}

export async function benchMail(
  print: (line: string) => void = (l) => console.log(l),
): Promise<MailEngineResult[]> {
  return eachEngine(
    'mail',
    print,
    (engine): MailEngineResult => ({
      engine,
      skipped: null,
      failure: null,
      sync: null,
      compose: null,
      send: null,
    }),
    (engine) => runEngine(engine, print),
  );
}

export function mailRows(results: MailEngineResult[]): [string, string, string][] {
  const rows: [string, string, string][] = [];
  for (const r of results) {
    const name = r.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    if (r.skipped || r.failure) {
      rows.push([`mail, ${name}`, r.skipped ? `skipped (${r.skipped})` : `FAILED: ${r.failure}`, '']);
      continue;
    }
    rows.push([
      `IMAP sync of ${r.sync!.messages} letters, ${name}`,
      `${r.sync!.messagesPerSecond.toFixed(0)} msg/s (${r.sync!.stored} stored in ${r.sync!.seconds.toFixed(1)} s)`,
      '≥ 300 msg/s',
    ]);
    rows.push([
      `write ${r.compose!.letters} letters over HTTP (queue), ${name}`,
      `${r.compose!.lettersPerSecond.toFixed(0)} letters/s`,
      '',
    ]);
    rows.push([
      `outbox → SMTP, ${r.send!.letters} letters, ${name}`,
      `${r.send!.lettersPerSecond.toFixed(0)} msg/s (${r.send!.received} received in ${r.send!.seconds.toFixed(1)} s)`,
      '≥ 100 msg/s',
    ]);
  }
  return rows;
}

async function runEngine(
  engine: 'sqlite' | 'postgres',
  print: (line: string) => void,
): Promise<Pick<MailEngineResult, 'sync' | 'compose' | 'send'>> {
  const { dataDir, databaseUrl, drop } = await freshDatabase(engine, 'mail');
  const dovecot = await startDovecot({ users: { [MAILBOX.login]: MAILBOX.password }, ssl: false });
  const smtp = await startSmtpServer({ users: { [MAILBOX.login]: MAILBOX.password } });
  const [{ loadConfig }, { openContext }, { buildApp }, { ADMIN_ROLE }] = await Promise.all([
    built.config(),
    built.bootstrap(),
    built.app(),
    built.roles(),
  ]);
  const ctx = await openContext(
    loadConfig({}, { dataDir, databaseUrl, logLevel: 'warn', mailSyncConcurrency: 1 }),
  );
  const quiet = new Writable({ write: (_c, _e, cb) => cb() });
  const { app, services } = await buildApp(ctx, { logStream: quiet });
  try {
    await app.ready();
    const employee = await services.employees.create({
      fullName: 'Bench Mailbox',
      email: MAILBOX.login,
      mailboxPassword: MAILBOX.password,
    });
    const admin = await services.users.create({
      login: 'admin',
      fullName: 'Bench Admin',
      password: ADMIN_PASSWORD,
      roleIds: [await services.roles.idByCode(ADMIN_ROLE)],
      employeeId: employee.id,
    });
    await services.userParameters.update(admin.id, { isCorporateMail: true }, admin.id);
    await services.mailServers.update(
      {
        smtp: { host: smtp.host, port: smtp.port, security: 'none' },
        imap: { host: dovecot.host, port: dovecot.port, security: 'none' },
      },
      admin.id,
    );
    const session = await injectLogin(app.inject.bind(app) as Inject, 'admin', ADMIN_PASSWORD);
    const clientIds: number[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const res = await session.send('POST', '/api/v1/clients', {
        name: `Клиент почты ${i}`,
        emails: [`client${i}@clients.test`],
      });
      if (res.statusCode !== 201) throw new Error(`client: ${res.statusCode} ${res.body}`);
      clientIds.push(res.json<{ id: number }>().id);
    }

    print(`  mail on ${engine}: delivering ${SYNC_MESSAGES} letters to Dovecot…`);
    await deliver(dovecot.host, dovecot.port, SYNC_MESSAGES);
    const t0 = performance.now();
    const synced = await services.mailboxes.syncNow(admin.id);
    const syncSeconds = (performance.now() - t0) / 1000;

    print(`  mail on ${engine}: writing ${SEND_MESSAGES} letters…`);
    const t1 = performance.now();
    for (let i = 0; i < SEND_MESSAGES; i++) {
      const res = await session.send('POST', '/api/v1/mail/messages', {
        to: [`client${i % CLIENTS}@clients.test`],
        subject: `Предложение ${i}`,
        html: `<p>Добрый день!</p><p>Письмо <b>${i}</b> из бенчмарка.</p>`,
        clientId: clientIds[i % CLIENTS],
      });
      if (res.statusCode !== 201) throw new Error(`compose: ${res.statusCode} ${res.body}`);
    }
    const composeSeconds = (performance.now() - t1) / 1000;
    const t2 = performance.now();
    await services.outbox.runOnce();
    const sendSeconds = (performance.now() - t2) / 1000;
    return {
      sync: {
        messages: SYNC_MESSAGES,
        stored: synced.stored,
        seconds: syncSeconds,
        messagesPerSecond: synced.stored / syncSeconds,
      },
      compose: {
        letters: SEND_MESSAGES,
        seconds: composeSeconds,
        lettersPerSecond: SEND_MESSAGES / composeSeconds,
      },
      send: {
        letters: SEND_MESSAGES,
        received: smtp.received.length,
        seconds: sendSeconds,
        lettersPerSecond: smtp.received.length / sendSeconds,
      },
    };
  } finally {
    await app.close();
    await ctx.database.close();
    await dovecot.close();
    await smtp.close();
    await drop();
  }
}

/** Letters of several shapes, appended over one IMAP connection. */
async function deliver(host: string, port: number, count: number): Promise<void> {
  const client = new ImapFlow({
    host,
    port,
    secure: false,
    doSTARTTLS: false,
    auth: { user: MAILBOX.login, pass: MAILBOX.password },
    logger: false,
  });
  await client.connect();
  try {
    const attachment = randomBytes(15_000).toString('base64').replace(/.{76}/g, '$&\r\n');
    for (let i = 0; i < count; i++) {
      const from = i % 3 === 0 ? `client${i % CLIENTS}@clients.test` : `stranger${i % 500}@elsewhere.test`;
      const headers = [
        `From: Отправитель ${i} <${from}>`,
        `To: ${MAILBOX.login}`,
        `Subject: =?UTF-8?B?${Buffer.from(`Письмо номер ${i}`).toString('base64')}?=`,
        `Date: ${new Date(Date.UTC(2026, 0, 1) + i * 60_000).toUTCString()}`,
        `Message-ID: <bench-${i}@elsewhere.test>`,
        ...(i % 10 === 5 ? [`In-Reply-To: <bench-${i - 5}@elsewhere.test>`] : []),
        'MIME-Version: 1.0',
      ];
      const text = `Здравствуйте!\r\nЭто письмо ${i}.\r\n`;
      const raw =
        i % 20 === 7
          ? [
              ...headers,
              'Content-Type: multipart/mixed; boundary="b1"',
              '',
              '--b1',
              'Content-Type: text/plain; charset=utf-8',
              'Content-Transfer-Encoding: 8bit',
              '',
              text,
              '--b1',
              'Content-Type: application/octet-stream; name="data.bin"',
              'Content-Disposition: attachment; filename="data.bin"',
              'Content-Transfer-Encoding: base64',
              '',
              attachment,
              '--b1--',
              '',
            ].join('\r\n')
          : [
              ...headers,
              'Content-Type: text/html; charset=utf-8',
              'Content-Transfer-Encoding: 8bit',
              '',
              `<p>${text}</p>`,
            ].join('\r\n');
      await client.append('INBOX', raw);
    }
  } finally {
    await client.logout().catch(() => undefined);
  }
}
