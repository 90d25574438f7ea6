import { randomUUID } from 'node:crypto';
import { convert, type HtmlToTextOptions } from 'html-to-text';
import { fieldProblem } from '../../http/errors.js';
import { MAX_ATTACHMENT_BYTES, type MailAddress } from '../../../shared/schemas/mail.js';
import type { Client } from '../../../shared/schemas/clients.js';
import { normalizeEmail } from '../clients/client-state.js';
import { sanitizeMailHtml } from './mail-html.js';

/**
 * The pieces of a letter being written, before it is stored in the outbox.
 *
 * Message-IDs are stored as the header's value without the angle brackets: `abc@example.com`
 * for `Message-ID: <abc@example.com>`. In-Reply-To is stored the same way, and References as
 * such ids separated by single spaces, oldest first.
 */

/** The plain text of a letter goes into its event's description, which holds this much. */
export const EVENT_DESCRIPTION_MAX = 100_000;
/** A long conversation's References keep the first id and the latest ones (RFC 5322 allows trimming). */
const MAX_REFERENCES = 50;

const TEXT_OPTIONS: HtmlToTextOptions = {
  wordwrap: 78,
  selectors: [{ selector: 'a', options: { hideLinkHrefIfSameAsText: true } }],
};

export interface LetterBodies {
  html: string;
  text: string;
  hasRemoteImages: boolean;
}

/** The sanitised HTML of the letter and its plain-text alternative. */
export function letterBodies(html: string): LetterBodies {
  const clean = sanitizeMailHtml(html);
  const text = clean.html.trim() ? convert(clean.html, TEXT_OPTIONS) : '';
  return { html: clean.html, text, hasRemoteImages: clean.hasRemoteImages };
}

export interface DecodedAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes the attachments; bad base64 or one over the size limit is a field error at its index. */
export function decodeAttachments(
  list: { filename: string; contentType: string; contentBase64: string }[],
): DecodedAttachment[] {
  return list.map((a, i) => {
    const path = `attachments.${i}.contentBase64`;
    const b64 = a.contentBase64.replace(/\s+/g, '');
    if (b64.length % 4 !== 0 || !BASE64.test(b64)) throw fieldProblem(path, 'mail_attachment_base64');
    const content = Buffer.from(b64, 'base64');
    if (content.length > MAX_ATTACHMENT_BYTES)
      throw fieldProblem(path, 'mail_attachment_too_large', { limit: MAX_ATTACHMENT_BYTES });
    return { filename: a.filename, contentType: a.contentType || 'application/octet-stream', content };
  });
}

/** A new Message-ID (stored form, without brackets) in the sender's domain. */
export function newMessageId(senderEmail: string): string {
  const domain = senderEmail.slice(senderEmail.lastIndexOf('@') + 1) || 'localhost';
  return `${randomUUID()}@${domain}`;
}

/** Ids of a stored References (or of a header value): brackets, commas and blanks dropped. */
export function referenceIds(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map((id) => id.replace(/^<|>$/g, ''))
    .filter(Boolean);
}

/** The threading of a reply to `parent`: In-Reply-To, References and the conversation it joins. */
export function replyThreading(parent: {
  id: number;
  message_id: string;
  references_ids: string;
  thread_id: number | null;
}): { inReplyTo: string; references: string; threadId: number } {
  let ids = [
    ...referenceIds(parent.references_ids).filter((id) => id !== parent.message_id),
    parent.message_id,
  ];
  if (ids.length > MAX_REFERENCES) ids = [ids[0]!, ...ids.slice(ids.length - MAX_REFERENCES + 1)];
  return { inReplyTo: parent.message_id, references: ids.join(' '), threadId: parent.thread_id ?? parent.id };
}

/** Display names for the client's addresses: a contact person's name, else the client's. */
export function clientAddressNames(client: Client | null): Map<string, string> {
  const names = new Map<string, string>();
  if (!client) return names;
  for (const email of client.emails) names.set(normalizeEmail(email), client.name);
  for (const contact of client.contacts)
    for (const email of contact.emails) names.set(normalizeEmail(email), contact.name);
  return names;
}

/** A recipient list as stored: each address once, named when the client knows it. */
export function addressList(addresses: string[], names: Map<string, string>): MailAddress[] {
  const seen = new Set<string>();
  const list: MailAddress[] = [];
  for (const address of addresses) {
    const key = normalizeEmail(address);
    if (seen.has(key)) continue;
    seen.add(key);
    list.push({ address, name: names.get(key) ?? '' });
  }
  return list;
}

/** About the size of the message on the wire (base64 makes attachments a third larger). */
export function approximateSize(
  subject: string,
  bodies: LetterBodies,
  attachments: DecodedAttachment[],
): number {
  const text = Buffer.byteLength(subject) + Buffer.byteLength(bodies.html) + Buffer.byteLength(bodies.text);
  return text + attachments.reduce((sum, a) => sum + Math.ceil((a.content.length * 4) / 3), 0);
}
