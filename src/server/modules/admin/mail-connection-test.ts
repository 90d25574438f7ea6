import net from 'node:net';
import tls from 'node:tls';
import nodemailer from 'nodemailer';
import { ImapFlow } from 'imapflow';
import type { TestMailServerResult } from '../../../shared/schemas/mail-servers.js';

export interface ServerEndpoint {
  host: string;
  port: number;
  security: 'none' | 'starttls' | 'tls';
  allowSelfSigned: boolean;
}
export interface Credentials {
  email: string;
  password: string;
}

const TIMEOUT_MS = 10_000;

/** Connects to an SMTP server (and logs in when credentials are given); returns its replies. */
export async function testSmtp(
  server: ServerEndpoint,
  creds: Credentials | null,
): Promise<TestMailServerResult> {
  const started = Date.now();
  const replies: string[] = [];
  // nodemailer reports each protocol line to its logger; keep only what the server said.
  const collect = (meta: { tnx?: string }, message: string) => {
    if (meta?.tnx === 'server') replies.push(String(message));
  };
  const transport = nodemailer.createTransport({
    host: server.host,
    port: server.port,
    secure: server.security === 'tls',
    requireTLS: server.security === 'starttls',
    ignoreTLS: server.security === 'none',
    ...(creds && { auth: { user: creds.email, pass: creds.password } }),
    tls: { rejectUnauthorized: !server.allowSelfSigned },
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
    debug: true,
    logger: {
      level: () => undefined,
      trace: () => undefined,
      debug: collect,
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
      fatal: () => undefined,
    },
  });
  try {
    await transport.verify();
    return result('smtp', server, creds, true, replies.join('\n') || 'OK', started);
  } catch (e) {
    const err = e as { response?: string; message: string };
    return result('smtp', server, creds, false, err.response ?? err.message, started);
  } finally {
    transport.close();
  }
}

/** Connects to an IMAP server (and logs in when credentials are given); returns what the server said. */
export async function testImap(
  server: ServerEndpoint,
  creds: Credentials | null,
): Promise<TestMailServerResult> {
  const started = Date.now();
  if (!creds) {
    // ImapFlow can only connect with a login, so without one read the greeting (after STARTTLS) directly.
    try {
      return result('imap', server, null, true, await imapGreeting(server), started);
    } catch (e) {
      return result('imap', server, null, false, (e as Error).message, started);
    }
  }
  const replies: string[] = [];
  const ignore = () => undefined;
  const client = new ImapFlow({
    host: server.host,
    port: server.port,
    secure: server.security === 'tls',
    doSTARTTLS: server.security === 'starttls' ? true : server.security === 'none' ? false : undefined,
    auth: { user: creds.email, pass: creds.password },
    tls: { rejectUnauthorized: !server.allowSelfSigned },
    // Keep only the lines the server sent (src 's'); the client's, with the login, are dropped.
    logger: {
      debug: (entry: { src?: string; msg?: string }) =>
        void (entry?.src === 's' && entry.msg && replies.push(entry.msg)),
      trace: ignore,
      info: ignore,
      warn: ignore,
      error: ignore,
      fatal: ignore,
    },
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
    disableAutoIdle: true,
    disableCompression: true,
    verifyOnly: true,
  } as ConstructorParameters<typeof ImapFlow>[0]);
  client.on('error', ignore);
  try {
    await client.connect(); // verifyOnly: logs in, then logs out
    return result('imap', server, creds, true, replies.join('\n') || 'OK', started);
  } catch (e) {
    const err = e as { response?: unknown; responseText?: string; reason?: string; message: string };
    client.close();
    const reply = typeof err.response === 'string' ? err.response : (err.responseText ?? err.reason);
    return result('imap', server, creds, false, reply || err.message, started);
  }
}

/** Reads an IMAP server's greeting, doing STARTTLS first when configured; returns the server's lines. */
async function imapGreeting(server: ServerEndpoint): Promise<string> {
  const tlsOptions = {
    rejectUnauthorized: !server.allowSelfSigned,
    ...(!net.isIP(server.host) && { servername: server.host }),
  };
  let socket: net.Socket =
    server.security === 'tls'
      ? tls.connect({ host: server.host, port: server.port, ...tlsOptions })
      : net.connect({ host: server.host, port: server.port });
  // Errors after the exchange (a reset on close) must not crash the process; readLine reports the rest.
  const ignore = () => undefined;
  socket.on('error', ignore);
  try {
    socket.setTimeout(TIMEOUT_MS, () => socket.destroy(new Error(`No answer in ${TIMEOUT_MS / 1000} s`)));
    const greeting = await readLine(socket, (l) => l.startsWith('* '));
    if (!/^\* (OK|PREAUTH)\b/i.test(greeting)) throw new Error(greeting);
    const lines = [greeting];
    if (server.security === 'starttls') {
      socket.write('A1 STARTTLS\r\n');
      const reply = await readLine(socket, (l) => l.startsWith('A1 '));
      if (!/^A1 OK\b/i.test(reply)) throw new Error(reply);
      lines.push(reply);
      const plain = socket;
      socket = tls.connect({ socket: plain, ...tlsOptions }).on('error', ignore);
      socket.setTimeout(TIMEOUT_MS, () =>
        socket.destroy(new Error(`No TLS handshake in ${TIMEOUT_MS / 1000} s`)),
      );
      await new Promise<void>((resolve, reject) => {
        socket.once('secureConnect', resolve).once('error', reject);
      });
    }
    socket.end('A2 LOGOUT\r\n');
    return lines.join('\n');
  } finally {
    socket.destroySoon();
  }
}

/** The next complete line from the server for which `wanted` holds. */
function readLine(socket: net.Socket, wanted: (line: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const done = () => {
      socket.off('data', onData).off('error', onError).off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      buf += chunk.toString('utf8');
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const line = buf.slice(0, i).replace(/\r$/, '');
        buf = buf.slice(i + 1);
        if (wanted(line)) {
          done();
          return resolve(line);
        }
      }
    };
    const onError = (e: Error) => (done(), reject(e));
    const onClose = () => (done(), reject(new Error('The server closed the connection')));
    socket.on('data', onData).on('error', onError).on('close', onClose);
  });
}

function result(
  protocol: 'smtp' | 'imap',
  server: ServerEndpoint,
  creds: Credentials | null,
  ok: boolean,
  response: string,
  started: number,
): TestMailServerResult {
  return {
    ok,
    protocol,
    server: `${server.host}:${server.port} (${server.security})`,
    loggedInAs: ok && creds ? creds.email : null,
    // A server may quote what it was sent; never let the password through.
    response: creds?.password ? response.split(creds.password).join('***') : response,
    durationMs: Date.now() - started,
  };
}
