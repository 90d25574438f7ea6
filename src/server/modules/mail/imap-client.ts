import { createHash } from 'node:crypto';
import type { ImapFlow, ImapFlowOptions } from 'imapflow';
import type { Credentials, ServerEndpoint } from '../admin/mail-connection-test.js';

/**
 * One IMAP connection of a mailbox. Kept open between polls: with a folder selected and nothing
 * to do, imapflow idles on it (IDLE where the server has it, NOOP polling otherwise) and reports
 * new mail with 'exists'.
 */
export interface ImapConnection {
  client: ImapFlow;
  /** Server and credentials it was opened with: a change of either needs a new connection. */
  key: string;
}

/** Identifies the server and login; the password enters only as part of a hash. */
export function connectionKey(server: ServerEndpoint, creds: Credentials): string {
  const secret = createHash('sha256').update(creds.password).digest('hex').slice(0, 16);
  return `${server.security}://${server.host}:${server.port}/${creds.email}#${secret}#${server.allowSelfSigned}`;
}

export async function openImap(
  server: ServerEndpoint,
  creds: Credentials,
  events: { onExists: () => void; onGone: (client: ImapFlow) => void },
): Promise<ImapConnection> {
  const options: ImapFlowOptions = {
    host: server.host,
    port: server.port,
    secure: server.security === 'tls',
    doSTARTTLS: server.security === 'starttls' ? true : server.security === 'none' ? false : undefined,
    auth: { user: creds.email, pass: creds.password },
    tls: { rejectUnauthorized: !server.allowSelfSigned },
    // The protocol trace carries the login; nothing of it is logged.
    logger: false,
    connectionTimeout: 30_000,
    greetingTimeout: 16_000,
    // IDLE starts soon after a sync and is renewed before servers drop quiet sessions.
    autoIdleDelay: 2_000,
    maxIdleTime: 4 * 60_000,
  };
  // Loaded on first use: imapflow adds a sixth to the server's start-up time.
  const { ImapFlow } = await import('imapflow');
  const client = new ImapFlow(options);
  // imapflow reports connection failures as 'error' events besides rejecting the command in hand.
  client.on('error', () => events.onGone(client));
  client.on('close', () => events.onGone(client));
  client.on('exists', () => events.onExists());
  try {
    await client.connect();
  } catch (e) {
    client.close();
    throw e;
  }
  return { client, key: connectionKey(server, creds) };
}

/** Logs out politely, but never waits long on a server that stopped answering. */
export async function closeImap(client: ImapFlow): Promise<void> {
  if (client.usable) {
    await Promise.race([
      client.logout().catch(() => undefined),
      new Promise((resolve) => setTimeout(resolve, 3_000).unref()),
    ]);
  }
  client.close();
}

/** What went wrong, in the server's words where it said something; the password never appears. */
export function describeImapError(e: unknown, password: string): { authFailed: boolean; message: string } {
  const err = e as {
    authenticationFailed?: boolean;
    responseText?: string;
    serverResponseCode?: string;
    response?: unknown;
    code?: string;
    message?: string;
  };
  const serverSaid = err.responseText
    ? `${err.serverResponseCode ? `[${err.serverResponseCode}] ` : ''}${err.responseText}`
    : '';
  const reply =
    serverSaid || (typeof err.response === 'string' ? err.response : '') || err.message || String(e);
  const withCode =
    err.code && !reply.includes(err.code) && !err.responseText ? `${err.code}: ${reply}` : reply;
  const safe = password ? withCode.split(password).join('***') : withCode;
  return { authFailed: err.authenticationFailed === true, message: safe.slice(0, 1000) };
}
