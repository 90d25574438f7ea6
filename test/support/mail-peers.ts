import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { SMTPServer } from 'smtp-server';

/**
 * Real mail servers for integration tests, on free 127.0.0.1 ports: an SMTP server
 * (the `smtp-server` package, in-process) and Dovecot IMAP (a child process with a
 * self-contained configuration in a temporary directory). Both check the given users.
 */

export type TlsMode = 'none' | 'starttls' | 'tls';
export type Users = Record<string, string>;

const HOST = '127.0.0.1';
const DOVECOT = '/usr/sbin/dovecot';
const STARTUP_TIMEOUT_MS = 15_000;

// A Dovecot left running by a test process that exits without its afterAll is killed on exit
// (best effort: a process killed by a signal runs no exit handlers).
const onExit = new Set<() => void>();
process.once('exit', () => {
  for (const fn of onExit) {
    try {
      fn();
    } catch {
      // best effort
    }
  }
});

/* ------------------------------------------------------------------ certificate */

export interface SelfSignedCert {
  cert: string;
  key: string;
}

let certPromise: Promise<SelfSignedCert> | null = null;

/** A self-signed certificate (PEM) for localhost and 127.0.0.1, generated once per test process. */
export function selfSignedCert(): Promise<SelfSignedCert> {
  certPromise ??= (async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kartoteka-cert-'));
    try {
      const certPath = path.join(dir, 'cert.pem');
      const keyPath = path.join(dir, 'key.pem');
      // -addext needs OpenSSL 1.1.1 or later
      await promisify(execFile)('openssl', [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-keyout',
        keyPath,
        '-out',
        certPath,
      ]).catch((e: Error) => {
        throw new Error(
          `openssl could not create a self-signed certificate (apt-get install openssl): ${e.message}`,
        );
      });
      return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  })();
  return certPromise;
}

/* ------------------------------------------------------------------------- SMTP */

export interface SmtpPeer {
  host: string;
  port: number;
  security: TlsMode;
  /** Every AUTH attempt the server saw, in order. */
  authAttempts: { username: string; ok: boolean }[];
  /** Every message the server accepted, in order. */
  received: ReceivedMail[];
  /**
   * How the server answers the next messages: 'accept', 'temporary' (451 at end of data),
   * 'permanent' (550 at end of data).
   */
  mode: 'accept' | 'temporary' | 'permanent';
  /** Resolves when `count` messages in all have been accepted. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export interface ReceivedMail {
  /** The authenticated user that sent it. */
  user: string | null;
  from: string;
  to: string[];
  raw: Buffer;
}

/**
 * An SMTP server with AUTH PLAIN/LOGIN for the given users; a wrong login gets
 * `535 5.7.8 Authentication credentials invalid`. `tls`: 'none' (no STARTTLS, AUTH in
 * cleartext allowed), 'starttls' (self-signed, AUTH only after STARTTLS), 'tls' (implicit TLS).
 * `refuseRecipients`: the server takes a message for the other recipients only.
 */
export async function startSmtpServer(opts: {
  users: Users;
  tls?: TlsMode;
  /** Addresses refused at RCPT TO with `550 5.1.1 … Recipient address rejected` (case-insensitive). */
  refuseRecipients?: string[];
}): Promise<SmtpPeer> {
  const refused = new Set((opts.refuseRecipients ?? []).map((a) => a.toLowerCase()));
  const security = opts.tls ?? 'none';
  const cert = security === 'none' ? null : await selfSignedCert();
  const authAttempts: SmtpPeer['authAttempts'] = [];
  const received: ReceivedMail[] = [];
  const waiters: (() => void)[] = [];
  let peer: SmtpPeer | null = null;
  const server = new SMTPServer({
    name: 'localhost',
    banner: 'Kartoteka test SMTP server',
    secure: security === 'tls',
    ...(cert && { key: cert.key, cert: cert.cert }),
    ...(security === 'none' && {
      hideSTARTTLS: true,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
    }),
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    closeTimeout: 1_000,
    onAuth(auth, _session, callback) {
      const username = auth.username ?? '';
      const ok = Object.hasOwn(opts.users, username) && opts.users[username] === auth.password;
      authAttempts.push({ username, ok });
      if (ok) return callback(null, { user: username });
      const err = Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 });
      return callback(err);
    },
    onRcptTo(address, _session, callback) {
      if (!refused.has(address.address.toLowerCase())) return callback();
      const err = new Error(`5.1.1 <${address.address}>: Recipient address rejected`);
      return callback(Object.assign(err, { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const mode = peer?.mode ?? 'accept';
        if (mode !== 'accept') {
          const code = mode === 'temporary' ? 451 : 550;
          const text = mode === 'temporary' ? '4.3.0 Try again later' : '5.1.1 Mailbox unavailable';
          return callback(Object.assign(new Error(text), { responseCode: code }));
        }
        received.push({
          user: typeof session.user === 'string' ? session.user : null,
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
        });
        for (const w of waiters.splice(0)) w();
        callback();
      });
    },
  });
  server.on('error', () => undefined); // client-side TLS failures surface here; the client reports them
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, HOST, () => resolve());
  });
  const port = (server.server.address() as net.AddressInfo).port;
  peer = {
    host: HOST,
    port,
    security,
    authAttempts,
    received,
    mode: 'accept',
    async waitFor(count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        const left = deadline - Date.now();
        if (left <= 0)
          throw new Error(`SMTP server got ${received.length} of ${count} messages in ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, Math.min(left, 200));
          waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return peer;
}

/* ---------------------------------------------------------------------- Dovecot */

export interface DovecotPeer {
  host: string;
  /** Plain IMAP; offers STARTTLS (self-signed certificate) unless started with ssl: false. */
  port: number;
  /** IMAP over implicit TLS (imaps), or null with ssl: false. */
  tlsPort: number | null;
  /** Dovecot's own log, for diagnosing a failed test. */
  log(): string;
  close(): Promise<void>;
}

/**
 * Runs Dovecot (IMAP only) in the foreground as a child process with a configuration of its own
 * in a temporary directory; passwords are checked against a passwd-file of the given users.
 * Works as root (services run as dovecot/dovenull, mail as nobody) and as an ordinary user.
 */
export async function startDovecot(opts: { users: Users; ssl?: boolean }): Promise<DovecotPeer> {
  if (!existsSync(DOVECOT)) {
    throw new Error(
      `${DOVECOT} not found: the IMAP tests need Dovecot (Debian/Ubuntu: apt-get install dovecot-imapd)`,
    );
  }
  const ssl = opts.ssl ?? true;
  const cert = ssl ? await selfSignedCert() : null;
  const dir = mkdtempSync(path.join(tmpdir(), 'kartoteka-dovecot-'));
  chmodSync(dir, 0o755);
  let child: ChildProcess | null = null;
  const cleanup = () => {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  onExit.add(cleanup);
  const logPath = path.join(dir, 'dovecot.log');
  const log = () => (existsSync(logPath) ? readFileSync(logPath, 'utf8') : '');

  try {
    const root = process.getuid?.() === 0;
    const me = userInfo();
    const group = execFileSync('id', root ? ['-gn', 'nobody'] : ['-gn'], { encoding: 'utf8' }).trim();
    const mailUser = root ? 'nobody' : me.username;
    const mailDir = path.join(dir, 'mail');
    mkdirSync(mailDir);
    if (root) chownSync(mailDir, idOf('-u'), idOf('-g'));

    const usersFile = path.join(dir, 'users');
    writeFileSync(
      usersFile,
      Object.entries(opts.users)
        .map(([user, pass]) => {
          if (/[:\s]/.test(user) || /[:\r\n]/.test(pass)) throw new Error(`unsupported test user ${user}`);
          return `${user}:{PLAIN}${pass}\n`;
        })
        .join(''),
      { mode: 0o644 },
    );

    if (cert) {
      writeFileSync(path.join(dir, 'cert.pem'), cert.cert, { mode: 0o644 });
      writeFileSync(path.join(dir, 'key.pem'), cert.key, { mode: 0o600 }); // read by the master, as root or as us
    }

    const port = await freePort();
    const tlsPort = ssl ? await freePort() : null;
    const conf = [
      `base_dir = ${dir}/run`,
      `state_dir = ${dir}/state`,
      `log_path = ${logPath}`,
      'protocols = imap',
      `listen = ${HOST}`,
      ssl ? 'ssl = yes' : 'ssl = no',
      ...(cert ? [`ssl_cert = <${dir}/cert.pem`, `ssl_key = <${dir}/key.pem`] : []),
      'disable_plaintext_auth = no',
      'auth_mechanisms = plain login',
      'auth_failure_delay = 0',
      root ? 'default_internal_user = dovecot' : `default_internal_user = ${me.username}`,
      root ? 'default_internal_group = dovecot' : `default_internal_group = ${group}`,
      root ? 'default_login_user = dovenull' : `default_login_user = ${me.username}`,
      'first_valid_uid = 1',
      'first_valid_gid = 1',
      `mail_location = maildir:${mailDir}/%n`,
      'passdb {',
      '  driver = passwd-file',
      `  args = scheme=PLAIN ${usersFile}`,
      '}',
      'userdb {',
      '  driver = static',
      `  args = uid=${mailUser} gid=${group} home=${mailDir}/%n`,
      '}',
      'service imap-login {',
      ...(root ? [] : ['  chroot =']),
      `  inet_listener imap {`,
      `    port = ${port}`,
      '  }',
      `  inet_listener imaps {`,
      `    port = ${tlsPort ?? 0}`,
      ...(ssl ? ['    ssl = yes'] : []),
      '  }',
      '}',
      ...(root ? [] : ['service anvil {', '  chroot =', '}']),
      '',
    ].join('\n');
    const confPath = path.join(dir, 'dovecot.conf');
    writeFileSync(confPath, conf, { mode: 0o644 });

    const proc = spawn(DOVECOT, ['-F', '-c', confPath], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = proc;
    let stderr = '';
    proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<never>((_, reject) => {
      proc.once('error', (e) => reject(new Error(`could not start ${DOVECOT}: ${e.message}`)));
      proc.once('exit', (code, signal) =>
        reject(new Error(`dovecot exited (${signal ?? code}) while starting:\n${stderr}${log()}`)),
      );
    });
    exited.catch(() => undefined);
    await Promise.race([waitForImapGreeting(port), exited]);

    return {
      host: HOST,
      port,
      tlsPort,
      log,
      close: async () => {
        onExit.delete(cleanup);
        if (proc.exitCode === null && proc.signalCode === null) {
          const gone = new Promise((resolve) => proc.once('exit', resolve));
          proc.kill('SIGTERM');
          const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
          await gone;
          clearTimeout(timer);
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    onExit.delete(cleanup);
    cleanup();
    throw e;
  }
}

/** Retries until the port answers with an IMAP `* OK` greeting. */
async function waitForImapGreeting(port: number): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const line = await readFirstLine(port);
      if (line.startsWith('* OK')) return;
      last = line;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`dovecot did not greet on ${HOST}:${port} within ${STARTUP_TIMEOUT_MS} ms (${last})`);
}

function readFirstLine(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: HOST, port });
    let buf = '';
    socket.setTimeout(2_000, () => socket.destroy(new Error('no greeting')));
    socket.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      const i = buf.indexOf('\n');
      if (i >= 0) {
        socket.end('a LOGOUT\r\n');
        resolve(buf.slice(0, i).trim());
      }
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error('closed before the greeting')));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, HOST, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const idOf = (flag: '-u' | '-g') => Number(execFileSync('id', [flag, 'nobody'], { encoding: 'utf8' }).trim());

/**
 * Puts a message into a user's folder on the Dovecot peer with IMAP APPEND (as a mail server
 * delivering it would); creates the folder when missing. Returns the new message's UID.
 */
export async function appendMessage(
  peer: DovecotPeer,
  user: { login: string; password: string },
  raw: string | Buffer,
  folder = 'INBOX',
): Promise<number | null> {
  const { ImapFlow } = await import('imapflow');
  const client = new ImapFlow({
    host: peer.host,
    port: peer.port,
    secure: false,
    doSTARTTLS: false,
    auth: { user: user.login, pass: user.password },
    logger: false,
  });
  await client.connect();
  try {
    if (folder !== 'INBOX') await client.mailboxCreate(folder).catch(() => undefined);
    const res = await client.append(folder, raw);
    return res && typeof res === 'object' && 'uid' in res && typeof res.uid === 'number' ? res.uid : null;
  } finally {
    await client.logout().catch(() => undefined);
  }
}
