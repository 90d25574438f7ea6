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
export async function testSmtp(server: ServerEndpoint, creds: Credentials | null): Promise<TestMailServerResult> {
  const started = Date.now();
  const replies: string[] = [];
  // nodemailer reports each protocol line to its logger; keep only what the server said.
  const collect = (meta: { tnx?: string }, fmt: string, ...args: unknown[]) => {
    if (meta?.tnx === 'server') replies.push(String(args[0] ?? fmt));
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
    logger: { level: () => undefined, trace: () => undefined, debug: collect, info: () => undefined, warn: () => undefined, error: () => undefined, fatal: () => undefined },
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

/** Connects to an IMAP server (and logs in when credentials are given); returns its greeting. */
export async function testImap(server: ServerEndpoint, creds: Credentials | null): Promise<TestMailServerResult> {
  const started = Date.now();
  const client = new ImapFlow({
    host: server.host,
    port: server.port,
    secure: server.security === 'tls',
    doSTARTTLS: server.security === 'starttls' ? true : server.security === 'none' ? false : undefined,
    ...(creds ? { auth: { user: creds.email, pass: creds.password } } : {}),
    tls: { rejectUnauthorized: !server.allowSelfSigned },
    logger: false,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
    disableAutoIdle: true,
  } as ConstructorParameters<typeof ImapFlow>[0]);
  client.on('error', () => undefined);
  try {
    await client.connect();
    const greeting = (client as unknown as { greeting?: string }).greeting ?? '';
    const response = [greeting, creds ? `LOGIN ${creds.email}: OK` : ''].filter(Boolean).join('\n') || 'OK';
    await client.logout().catch(() => undefined);
    return result('imap', server, creds, true, response, started);
  } catch (e) {
    const err = e as { responseText?: string; response?: string; message: string; authenticationFailed?: boolean };
    client.close();
    return result('imap', server, creds, false, err.responseText ?? err.response ?? err.message, started);
  }
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
    response: creds ? response.split(creds.password).join('***') : response,
    durationMs: Date.now() - started,
  };
}
