import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { convert } from 'html-to-text';
import { simpleParser, type AddressObject, type EmailAddress, type ParsedMail } from 'mailparser';
import type { MailAddress } from '../../../shared/schemas/mail.js';
import { cidReferences, sanitizeMailHtml } from './mail-html.js';

/** A received letter as it is stored: decoded, sanitised and cut to the size limit. */
export interface ParsedLetter {
  /** Without angle brackets; synthesised from the source's SHA-256 when the letter has none. */
  messageId: string;
  inReplyTo: string | null;
  /** Message-IDs of References, oldest first, without angle brackets. */
  references: string[];
  from: MailAddress;
  to: MailAddress[];
  cc: MailAddress[];
  subject: string;
  sentAt: string;
  text: string;
  /** Sanitised. */
  html: string;
  hasRemoteImages: boolean;
  attachments: LetterAttachment[];
  /** Why part of the letter was not kept, or ''. */
  note: string;
  size: number;
}

export interface LetterAttachment {
  filename: string;
  contentType: string;
  size: number;
  /** Lowercased, without angle brackets. */
  contentId: string | null;
  isInline: boolean;
  /** Null when it did not fit within the size limit. */
  content: Buffer | null;
}

const MB = 1024 * 1024;
/** Each of the text and the HTML body is kept up to this many characters. */
const BODY_LIMIT = MB;
const SUBJECT_LIMIT = 2000;
const ID_LIMIT = 900;

/** Parses a raw letter; never throws: what cannot be read is left out and named in the note. */
export async function parseLetter(source: Buffer, maxMessageBytes: number): Promise<ParsedLetter> {
  const notes: string[] = [];
  let mail: ParsedMail;
  try {
    mail = await simpleParser(readableHeaders(source, notes), { keepCidLinks: true, skipTextToHtml: true });
  } catch {
    notes.push('Письмо не удалось разобрать как MIME: сохранён исходный текст');
    return fallbackLetter(source, notes);
  }
  const broken = unclosedBoundaries(source);
  if (broken.length) {
    notes.push(
      `Структура MIME повреждена (нет закрывающей границы ${broken.map((b) => `«${b}»`).join(', ')}): сохранено то, что удалось разобрать`,
    );
  }

  const subject = oneLine(mail.subject ?? '').slice(0, SUBJECT_LIMIT);
  const from = addresses(mail.from)[0] ?? { address: '', name: '' };

  const rawHtml = typeof mail.html === 'string' ? mail.html : '';
  const html = cut(rawHtml, 'HTML письма', notes);
  const sanitized = html ? sanitizeMailHtml(html) : { html: '', hasRemoteImages: false };
  // An HTML-only letter gets its text from the HTML: previews, search and the event's description.
  const plain = mail.text?.trim() ? mail.text : html ? convert(html, { wordwrap: false }) : '';
  const text = cut(plain, 'Текст письма', notes);

  let budget = maxMessageBytes - Buffer.byteLength(text) - Buffer.byteLength(sanitized.html);
  const dropped: string[] = [];
  const htmlLower = rawHtml.toLowerCase();
  const referenced = cidReferences(sanitized.html);
  const attachments = mail.attachments.map((a, i): LetterAttachment => {
    // Lowercased: HTML refers to it as `cid:…` in any case (matched the same way when shown).
    const cid = a.cid ?? a.contentId;
    const contentId = cid ? stripBrackets(cid).toLowerCase() || null : null;
    const filename = oneLine(a.filename ?? '') || `attachment-${i + 1}`;
    const fits = a.size <= budget;
    if (fits) budget -= a.size;
    else dropped.push(`${filename} (${megabytes(a.size)})`);
    return {
      filename: filename.slice(0, 255),
      contentType: a.contentType || 'application/octet-stream',
      size: a.size,
      contentId,
      isInline: contentId !== null && (referenced.has(contentId) || htmlLower.includes(`cid:${contentId}`)),
      content: fits ? a.content : null,
    };
  });
  if (dropped.length) {
    notes.push(
      `Письмо ${megabytes(source.length)} больше предела ${megabytes(maxMessageBytes)}: вложения ${dropped.join(', ')} не сохранены`,
    );
  }

  return {
    messageId: messageIdOf(mail.messageId, source),
    inReplyTo: idList(mail.inReplyTo)[0] ?? null,
    references: idList(mail.references),
    from,
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    subject,
    sentAt: moment(mail.date),
    text,
    html: sanitized.html,
    hasRemoteImages: sanitized.hasRemoteImages,
    attachments,
    note: notes.join('\n'),
    size: source.length,
  };
}

/** What can be read of a letter the MIME parser gave up on: a few headers and the body as text. */
function fallbackLetter(source: Buffer, notes: string[]): ParsedLetter {
  const raw = source.toString('utf8');
  const split = /\r?\n\r?\n/.exec(raw);
  const head = split ? raw.slice(0, split.index) : raw;
  const body = split ? raw.slice(split.index + split[0].length) : '';
  const header = (name: string) =>
    new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(head)?.[1]?.replace(/\r?\n/g, '') ?? '';
  const fromText = header('From');
  const address = /[^\s<>"]+@[^\s<>"]+/.exec(fromText)?.[0] ?? '';
  const text = cut(body, 'Текст письма', notes);
  return {
    messageId: messageIdOf(header('Message-ID'), source),
    inReplyTo: idList(header('In-Reply-To'))[0] ?? null,
    references: idList(header('References')),
    from: { address: address.toLowerCase(), name: '' },
    to: [],
    cc: [],
    subject: oneLine(header('Subject')).slice(0, SUBJECT_LIMIT),
    sentAt: moment(new Date(header('Date'))),
    text,
    html: '',
    hasRemoteImages: false,
    attachments: [],
    note: notes.join('\n'),
    size: source.length,
  };
}

/**
 * Old mail clients put raw 8-bit text (windows-1251, koi8-r) into headers without declaring it.
 * Such headers, when they are not UTF-8, are read in the charset the letter's Content-Type
 * declares; the body is left as it is.
 */
function readableHeaders(source: Buffer, notes: string[]): Buffer {
  let end = source.indexOf('\r\n\r\n');
  if (end < 0) end = source.indexOf('\n\n');
  const head = end < 0 ? source : source.subarray(0, end);
  // Plain ASCII is valid UTF-8 too.
  if (isUtf8(head)) return source;
  const charset = /content-type:[^\n]*(?:\n[ \t][^\n]*)*?charset\s*=\s*"?([\w.:-]+)/i.exec(
    head.toString('latin1'),
  )?.[1];
  let decoded: string | null = null;
  if (charset && !/^(utf-?8|us-ascii)$/i.test(charset)) {
    try {
      decoded = new TextDecoder(charset).decode(head);
    } catch {
      // a charset Node does not know: left as it is
    }
  }
  if (decoded === null) {
    notes.push('Заголовки письма содержат 8-битные символы в неизвестной кодировке');
    return source;
  }
  notes.push(`Заголовки письма в кодировке ${charset} без объявления: прочитаны по кодировке текста`);
  return Buffer.concat([Buffer.from(decoded, 'utf8'), source.subarray(head.length)]);
}

function cut(value: string, what: string, notes: string[]): string {
  if (value.length <= BODY_LIMIT) return value;
  notes.push(`${what} обрезан до ${megabytes(BODY_LIMIT)}`);
  return value.slice(0, BODY_LIMIT);
}

/** The Message-ID without <>, or a stable one made from the source when there is none. */
function messageIdOf(header: string | undefined, source: Buffer): string {
  const id = header ? (idList(header)[0] ?? '') : '';
  if (id && id.length <= ID_LIMIT) return id;
  return `${createHash('sha256').update(source).digest('hex')}@kartoteka.invalid`;
}

/** Message-IDs in a header (or mailparser's list of them), without angle brackets. */
function idList(value: string | string[] | undefined): string[] {
  if (!value) return [];
  const text = Array.isArray(value) ? value.join(' ') : value;
  const bracketed = [...text.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1]!);
  const ids = bracketed.length ? bracketed : text.split(/[\s,]+/).map(stripBrackets);
  return [...new Set(ids.map((s) => s.trim()).filter((s) => s && s.length <= ID_LIMIT))];
}

function stripBrackets(value: string): string {
  return value
    .trim()
    .replace(/^<+|>+$/g, '')
    .trim();
}

function addresses(value: AddressObject | AddressObject[] | undefined): MailAddress[] {
  if (!value) return [];
  const flat = (list: EmailAddress[]): EmailAddress[] => list.flatMap((a) => (a.group ? flat(a.group) : [a]));
  return (Array.isArray(value) ? value : [value])
    .flatMap((o) => flat(o.value))
    .filter((a) => a.address || a.name)
    .map((a) => ({ address: (a.address ?? '').trim().toLowerCase(), name: oneLine(a.name ?? '') }));
}

function oneLine(value: string): string {
  return value.replace(/[\r\n\t\0]+/g, ' ').trim();
}

/** The Date header as an ISO moment; the time of receipt when it is missing or unreadable. */
function moment(date: Date | undefined): string {
  const ms = date?.getTime();
  return ms !== undefined && Number.isFinite(ms) ? new Date(ms).toISOString() : new Date().toISOString();
}

/** Boundaries declared in the source whose closing delimiter never comes. */
function unclosedBoundaries(source: Buffer): string[] {
  const broken = new Set<string>();
  const marker = Buffer.from('boundary=');
  for (let at = source.indexOf(marker); at >= 0; at = source.indexOf(marker, at + marker.length)) {
    const rest = source.subarray(at + marker.length, at + marker.length + 200).toString('latin1');
    const boundary = /^"([^"\r\n]+)"|^([^\s;"]+)/.exec(rest);
    const value = boundary?.[1] ?? boundary?.[2];
    if (value && !source.includes(`--${value}--`)) broken.add(value);
  }
  return [...broken];
}

function megabytes(bytes: number): string {
  const mb = bytes / MB;
  return `${mb >= 10 ? Math.round(mb) : Math.round(mb * 10) / 10} МБ`;
}
