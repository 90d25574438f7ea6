import nodemailer, { type Transporter } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { Selectable } from 'kysely';
import type { MailMessagesTable } from '../../db/schema.js';
import { ATTACHMENT_TYPE, type MailAddress } from '../../../shared/schemas/mail.js';
import type { Credentials, ServerEndpoint } from '../admin/mail-connection-test.js';
import { referenceIds } from './mail-compose.js';

/**
 * Talking SMTP for the outbox: one pooled nodemailer transport per sender and cycle, the
 * message built from the stored row, and what a failure means (retry or give up).
 * Loaded on first use: nodemailer adds to the server's start-up time.
 */

/** Letters sent at once, over all senders. */
export const SEND_CONCURRENCY = 4;
/** Letters claimed at once: enough to keep the senders busy, few to hold back from other processes. */
export const CLAIM_BATCH = 2 * SEND_CONCURRENCY;
/** After this many attempts a temporary failure is final. */
export const MAX_ATTEMPTS = 8;
const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 3_600_000;
/** Each of: connecting, the greeting, and silence on the connection while a letter is sent. */
export const TIMEOUT_MS = 30_000;
/** Replies kept in last_error / smtp_response. */
const MAX_REPLY_CHARS = 2_000;

/** What the server said to a letter it took; recipients it refused are listed (nodemailer's info). */
export interface SentInfo {
  response: string;
  messageId: string;
  rejected?: (string | Mail.Address)[];
  rejectedErrors?: RecipientError[];
}
/** A recipient's refusal as nodemailer reports it. */
interface RecipientError {
  recipient?: unknown;
  response?: unknown;
  message?: unknown;
}

export type SendTransport = Transporter<SentInfo>;

/** A pooled connection set to the enterprise SMTP server, logged in as the sending employee. */
export function smtpTransport(server: ServerEndpoint, creds: Credentials): SendTransport {
  return nodemailer.createTransport({
    pool: true,
    maxConnections: SEND_CONCURRENCY,
    maxMessages: 100,
    host: server.host,
    port: server.port,
    secure: server.security === 'tls',
    requireTLS: server.security === 'starttls',
    ignoreTLS: server.security === 'none',
    auth: { user: creds.email, pass: creds.password },
    tls: { rejectUnauthorized: !server.allowSelfSigned },
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
    // No protocol traces: they would carry the login.
    logger: false,
    debug: false,
  });
}

export type OutboxRow = Selectable<MailMessagesTable>;
export interface StoredAttachment {
  filename: string;
  content_type: string;
  content: Buffer | null;
}

const bracketed = (id: string) => `<${id}>`;

function addresses(json: string): Mail.Address[] {
  const list = JSON.parse(json) as MailAddress[];
  return list.map((a) => ({ name: a.name, address: a.address }));
}

/**
 * The message as the row stores it. Bcc goes into the envelope only; the Date is when the letter
 * was queued, so a resend (see OutboxService) is the same message with the same Message-ID.
 */
export function messageOf(row: OutboxRow, attachments: StoredAttachment[]): Mail.Options {
  const references = referenceIds(row.references_ids);
  return {
    from: { name: row.from_name, address: row.from_address },
    to: addresses(row.to_list),
    cc: addresses(row.cc_list),
    bcc: addresses(row.bcc_list),
    subject: row.subject,
    text: row.text_body,
    ...(row.html_body && { html: row.html_body }),
    attachments: attachments
      .filter((a) => a.content !== null)
      .map((a) => ({
        filename: a.filename,
        // Letters queued before the type was checked may hold anything there.
        contentType: ATTACHMENT_TYPE.test(a.content_type) ? a.content_type : 'application/octet-stream',
        content: Buffer.from(a.content!),
      })),
    messageId: bracketed(row.message_id),
    ...(row.in_reply_to && { inReplyTo: bracketed(row.in_reply_to) }),
    ...(references.length && { references: references.map(bracketed) }),
    date: new Date(row.created_at),
  };
}

/** Why a letter was not sent, and whether trying again may help. */
export interface SendFailure {
  permanent: boolean;
  message: string;
}

/** Codes of nodemailer errors that no retry can fix (bad login without a reply code, bad address, bad message). */
const PERMANENT_CODES = new Set(['EAUTH', 'EENVELOPE', 'EMESSAGE']);

/**
 * An SMTP reply 5xx (535: wrong password included) is final; 4xx, a refused or dropped
 * connection, a timeout or a DNS failure are worth another try.
 */
export function classifyFailure(e: unknown): SendFailure {
  const err = (e ?? {}) as {
    responseCode?: unknown;
    response?: unknown;
    code?: unknown;
    message?: unknown;
    rejectedErrors?: unknown;
  };
  // Every recipient refused: each one's reply, as they may differ.
  const refusals = Array.isArray(err.rejectedErrors)
    ? refusalLines(err.rejectedErrors as RecipientError[])
    : '';
  const reply =
    refusals ||
    (typeof err.response === 'string' && err.response
      ? err.response
      : typeof err.message === 'string'
        ? err.message
        : String(e));
  const message = reply.slice(0, MAX_REPLY_CHARS);
  if (typeof err.responseCode === 'number' && err.responseCode >= 400)
    return { permanent: err.responseCode >= 500, message };
  return { permanent: typeof err.code === 'string' && PERMANENT_CODES.has(err.code), message };
}

/** The server's reply to an accepted message, as kept. */
export const smtpReply = (response: string) => response.slice(0, MAX_REPLY_CHARS);

/**
 * The recipients the server refused of a letter it took for the others, one per line with its
 * reply (`<address>: 550 …`), or null when it took them all.
 */
export function refusedRecipients(info: SentInfo): string | null {
  const lines =
    refusalLines(info.rejectedErrors ?? []) ||
    (info.rejected ?? []).map((r) => `<${typeof r === 'string' ? r : r.address}>`).join('\n');
  return lines ? lines.slice(0, MAX_REPLY_CHARS) : null;
}

function refusalLines(errors: RecipientError[]): string {
  return errors
    .map((r) => {
      const reply =
        typeof r.response === 'string' ? r.response : typeof r.message === 'string' ? r.message : '';
      return `<${String(r.recipient ?? '')}>: ${reply}`;
    })
    .join('\n');
}

/** The wait before attempt `attempts + 1`: 30 s, doubling, at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_RETRY_MS);
}

/**
 * How a row of a failed send is left (outbox letters and system letters share the columns): given
 * up («failed») after a permanent refusal or the last attempt, else queued again after the backoff.
 */
export function afterFailure(failure: SendFailure, attempts: number, now: Date) {
  const final = failure.permanent || attempts >= MAX_ATTEMPTS;
  return {
    final,
    set: {
      status: final ? 'failed' : 'queued',
      last_error: failure.message,
      next_attempt_at: final ? null : new Date(now.getTime() + retryDelayMs(attempts)).toISOString(),
      updated_at: now.toISOString(),
    },
  };
}
