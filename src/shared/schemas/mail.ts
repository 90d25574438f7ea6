import { z } from 'zod';
import { pageOf, pageQuery, userBrief } from './card-files.js';
import { idSchema, requiredText, text, timestampSchema } from './common.js';

/** E-mail: letters written from cards (the outbox), letters received over IMAP, templates, mailboxes. */

export const MAIL_DIRECTIONS = ['in', 'out'] as const;
export const mailDirectionSchema = z.enum(MAIL_DIRECTIONS);
/** received: an incoming letter; the rest is the outbox of an outgoing one. */
export const MAIL_STATUSES = ['received', 'queued', 'sending', 'sent', 'failed'] as const;
export const mailStatusSchema = z.enum(MAIL_STATUSES);
export type MailStatus = z.infer<typeof mailStatusSchema>;
export const MAILBOX_STATUSES = ['idle', 'syncing', 'ok', 'error', 'auth_failed'] as const;
export const mailboxStatusSchema = z.enum(MAILBOX_STATUSES);

/** Attachments of a letter being written travel as base64 in JSON, like imported files. */
export const MAIL_BODY_LIMIT = 40 * 1024 * 1024;
export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

export const mailAddress = z.object({ address: z.string(), name: z.string() }).meta({ id: 'MailAddress' });
export type MailAddress = z.infer<typeof mailAddress>;

const docBrief = z.object({ id: z.number(), number: z.string() });
const clientBrief = z.object({ id: z.number(), name: z.string() });

/** A line of a list of letters (a card's «Письма», a thread, «Неразобранные»). */
export const mailListItem = z
  .object({
    id: z.number(),
    direction: mailDirectionSchema,
    status: mailStatusSchema,
    subject: z.string(),
    from: mailAddress,
    to: z.array(mailAddress),
    cc: z.array(mailAddress),
    sentAt: timestampSchema,
    event: docBrief.nullable(),
    client: clientBrief.nullable(),
    contact: clientBrief.nullable(),
    taskId: z.number().nullable(),
    threadId: z.number().nullable(),
    attachmentCount: z.number(),
    /** The start of the plain text, for a preview line. */
    snippet: z.string(),
    attempts: z.number(),
    lastError: z.string().nullable(),
    nextAttemptAt: timestampSchema.nullable(),
  })
  .meta({ id: 'MailListItem' });
export type MailListItem = z.infer<typeof mailListItem>;

export const mailAttachment = z
  .object({
    id: z.number(),
    filename: z.string(),
    contentType: z.string(),
    size: z.number(),
    isInline: z.boolean(),
    /** false when the attachment was over the size limit and only its name and size were kept. */
    isStored: z.boolean(),
  })
  .meta({ id: 'MailAttachment' });
export type MailAttachment = z.infer<typeof mailAttachment>;

/** One letter. Its HTML is served separately, sanitised, by GET /api/v1/mail/messages/:id/html. */
export const mailMessage = mailListItem
  .extend({
    messageId: z.string(),
    bcc: z.array(mailAddress),
    inReplyTo: z.string().nullable(),
    text: z.string(),
    hasHtml: z.boolean(),
    hasRemoteImages: z.boolean(),
    attachments: z.array(mailAttachment),
    /** Why part of the letter was not kept (size limit, unreadable MIME), or ''. */
    note: z.string(),
    smtpResponse: z.string().nullable(),
    sentBy: userBrief.nullable(),
    size: z.number(),
  })
  .meta({ id: 'MailMessage' });
export type MailMessage = z.infer<typeof mailMessage>;

export const mailPage = pageOf(mailListItem);
export type MailPage = z.infer<typeof mailPage>;

export const mailListQuery = z.strictObject({
  clientId: idSchema.optional(),
  projectId: idSchema.optional(),
  taskId: idSchema.optional(),
  eventId: idSchema.optional(),
  direction: mailDirectionSchema.optional(),
  status: mailStatusSchema.optional(),
  ...pageQuery,
});
export type MailListQuery = z.infer<typeof mailListQuery>;

export const mailHtmlQuery = z.strictObject({
  /** Remote images are blocked until the user allows them for this letter. */
  images: z.enum(['0', '1']).default('0'),
});

const email = z.string().trim().toLowerCase().max(320).pipe(z.email('email_format'));

/** RFC 2045's token: printable ASCII but blanks and tspecials. */
const MIME_TOKEN = "[!#$%&'*+.^_`{|}~0-9A-Za-z-]+";
/** A MIME type as type/subtype tokens, without parameters; anything else is served as application/octet-stream. */
export const MIME_TYPE = new RegExp(`^${MIME_TOKEN}/${MIME_TOKEN}$`);
/** An attachment's own type: a MIME type but a multipart one (the attachment would be read as MIME parts). */
export const ATTACHMENT_TYPE = new RegExp(`^(?!multipart/)${MIME_TOKEN}/${MIME_TOKEN}$`, 'i');

export const outgoingAttachment = z.strictObject({
  filename: requiredText(255),
  /** '' stands for application/octet-stream. */
  contentType: text(255)
    .toLowerCase()
    .regex(new RegExp(`^$|${ATTACHMENT_TYPE.source}`, 'i'), 'mail_content_type')
    .default('application/octet-stream'),
  contentBase64: z.string().max(Math.ceil((MAX_ATTACHMENT_BYTES * 4) / 3) + 4),
});

/**
 * «Написать письмо» from a card: the letter is queued in the outbox and sent as the user's
 * employee; it becomes an «outgoing_email» event linked to the client (and contact person), the
 * project and the task it was written from. An event given as the source lends its client,
 * contact and project. replyToId makes it a reply (In-Reply-To / References, same thread).
 */
export const composeMailRequest = z.strictObject({
  to: z.array(email).min(1, 'required').max(100),
  cc: z.array(email).max(100).default([]),
  bcc: z.array(email).max(100).default([]),
  subject: requiredText(998),
  html: text(2_000_000).default(''),
  clientId: idSchema.nullable().optional(),
  contactId: idSchema.nullable().optional(),
  projectId: idSchema.nullable().optional(),
  taskId: idSchema.nullable().optional(),
  eventId: idSchema.nullable().optional(),
  replyToId: idSchema.nullable().optional(),
  attachments: z.array(outgoingAttachment).max(50).default([]),
});
export type ComposeMail = z.input<typeof composeMailRequest>;

/** Addresses to suggest in To/Cc: the client's and its contact persons' e-mails. */
export const recipientSuggestion = z
  .object({
    address: z.string(),
    name: z.string(),
    clientId: z.number(),
    contactId: z.number().nullable(),
  })
  .meta({ id: 'MailRecipientSuggestion' });
export const recipientsQuery = z.strictObject({
  clientId: idSchema.optional(),
  projectId: idSchema.optional(),
  taskId: idSchema.optional(),
  eventId: idSchema.optional(),
});

/* ---------------------------------------------------------------- templates */

export const mailTemplate = z
  .object({
    id: z.number(),
    name: z.string(),
    subject: z.string(),
    html: z.string(),
    isActive: z.boolean(),
    updatedAt: timestampSchema,
  })
  .meta({ id: 'MailTemplate' });
export type MailTemplate = z.infer<typeof mailTemplate>;

export const createMailTemplateRequest = z.strictObject({
  name: requiredText(200),
  subject: text(998).default(''),
  html: text(1_000_000).default(''),
  isActive: z.boolean().default(true),
});
export const updateMailTemplateRequest = z.strictObject({
  name: requiredText(200).optional(),
  subject: text(998).optional(),
  html: text(1_000_000).optional(),
  isActive: z.boolean().optional(),
});

/**
 * Placeholders a template may hold, replaced from the documents the letter is written from:
 * {{client.name}}, {{contact.name}}, {{project.number}}, {{project.name}}, {{task.number}},
 * {{task.title}}, {{event.number}}, {{event.subject}}, {{user.name}}, {{date}}.
 */
export const MAIL_PLACEHOLDERS = [
  'client.name',
  'contact.name',
  'project.number',
  'project.name',
  'task.number',
  'task.title',
  'event.number',
  'event.subject',
  'user.name',
  'date',
] as const;

export const renderMailTemplateRequest = z.strictObject({
  clientId: idSchema.nullable().optional(),
  contactId: idSchema.nullable().optional(),
  projectId: idSchema.nullable().optional(),
  taskId: idSchema.nullable().optional(),
  eventId: idSchema.nullable().optional(),
});
export const renderedMailTemplate = z.object({ subject: z.string(), html: z.string() });

/* -------------------------------------------------------------- «Неразобранные» */

export const linkUnsortedRequest = z.strictObject({
  clientId: idSchema,
  contactId: idSchema.nullable().optional(),
  /** Also add the sender's address to the client (or contact person) so later letters link by themselves. */
  rememberAddress: z.boolean().default(true),
});
export const createClientFromUnsortedRequest = z.strictObject({
  name: requiredText(500),
  kind: z.enum(['organization', 'person']).default('person'),
});

/* ----------------------------------------------------------------- mailboxes */

export const mailboxState = z
  .object({
    id: z.number(),
    user: userBrief,
    employeeId: z.number().nullable(),
    account: z.string(),
    folders: z.array(z.string()),
    status: mailboxStatusSchema,
    /** false when the user no longer qualifies (parameter off, no e-mail or password): not synced. */
    isEnabled: z.boolean(),
    lastSyncAt: timestampSchema.nullable(),
    lastError: z.string().nullable(),
    messageCount: z.number(),
    failures: z.number(),
    nextAttemptAt: timestampSchema.nullable(),
  })
  .meta({ id: 'Mailbox' });
export type MailboxState = z.infer<typeof mailboxState>;

const folderName = z
  .string()
  .trim()
  .min(1, 'required')
  .max(500)
  .refine((s) => !/[\r\n\0]/.test(s), 'folder_name');
export const updateMailboxRequest = z.strictObject({
  folders: z.array(folderName).min(1, 'required').max(50),
});
export const mailboxQuery = z.strictObject({
  employeeId: idSchema.optional(),
  userId: idSchema.optional(),
});

/* ------------------------------------------------------------- added for the outbox */

/** The templates offered when writing a letter; `all` (mail settings holders): inactive ones too. */
export const mailTemplateListQuery = z.strictObject({
  all: z.enum(['true', 'false']).optional(),
});
