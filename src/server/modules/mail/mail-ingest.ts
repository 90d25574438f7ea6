import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Services } from '../../services.js';
import type { PreparedEvent } from '../events/events.service.js';
import { SYSTEM_VIEWER } from '../access/viewer.js';
import { AppError } from '../../http/errors.js';
import type { ParsedLetter } from './mail-parse.js';

/** The mailbox and folder a batch of letters was fetched from. */
export interface LetterFolder {
  mailboxId: number;
  userId: number;
  folder: string;
}

/** A fetched letter and its UID in the folder (the position storing it advances to). */
export interface FetchedLetter {
  letter: ParsedLetter;
  uid: number;
}

export type IngestResult = 'stored' | 'skipped';

/** What one sync reads once for all its letters. */
export interface IngestSession {
  prepared: PreparedEvent | null;
}

const DESCRIPTION_LIMIT = 100_000;
const EVENT_SUBJECT_LIMIT = 1000;
const NO_SUBJECT = '(без темы)';
/** Message-IDs per `in (…)` list: well under both engines' parameter limits. */
const ID_CHUNK = 500;

/** An earlier letter of the conversation: its thread, and its event's client and project. */
interface ThreadParent {
  threadId: number;
  clientId: number | null;
  projectId: number | null;
}

/**
 * Stores received letters: each as an «incoming_email» event with its message and attachments.
 * A batch of letters of one folder is stored in one transaction together with the folder
 * position it advances, so a crash neither loses nor repeats one (and one commit serves several
 * letters). A Message-ID already stored (fetched by another mailbox, or our own outgoing letter)
 * is not stored again: the mailbox's user joins its event instead.
 */
export class MailIngest {
  private typeId: number | null = null;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly services: Services,
  ) {}

  newSession(): IngestSession {
    return { prepared: null };
  }

  /** Stores the letters (in UID order); one result per letter. */
  async store(batch: FetchedLetter[], folder: LetterFolder, session: IngestSession): Promise<IngestResult[]> {
    if (!batch.length) return [];
    try {
      return await this.storeTogether(batch, folder, session);
    } catch (e) {
      // Another mailbox stored one of them between our check and our insert: one by one, the
      // check now sees it.
      if (!isUniqueViolation(e) || batch.length === 1) throw e;
      const results: IngestResult[] = [];
      for (const one of batch) results.push(...(await this.storeTogether([one], folder, session)));
      return results;
    }
  }

  private async storeTogether(
    batch: FetchedLetter[],
    folder: LetterFolder,
    session: IngestSession,
  ): Promise<IngestResult[]> {
    // Reads outside the transaction: on SQLite a query on this.db inside it would wait forever.
    const typeId = await this.incomingTypeId();
    const stored = await this.storedParents(batch.map((b) => b.letter));
    // What prepareCreate reads before a transaction (the default journal, the time zone) is read
    // once per sync; the numbering date is each letter's own.
    session.prepared ??= await this.services.events.prepareCreate(
      null,
      batch[0]!.letter.sentAt,
      SYSTEM_VIEWER,
    );
    const base = session.prepared;
    const prepared = batch.map(({ letter }) => ({
      ...base,
      numbering: { ...base.numbering, date: new Date(letter.sentAt) },
    }));

    return this.db.transaction().execute(async (trx) => {
      // Letters of this batch are parents of later ones in it too.
      const parents = new Map(stored);
      const results: IngestResult[] = [];
      for (const [i, { letter }] of batch.entries()) {
        const known = await this.existing(trx, letter.messageId);
        if (known) {
          await this.services.events.addParticipant(trx, known.eventId, folder.userId);
          results.push('skipped');
          continue;
        }
        const parent = threadIds(letter)
          .map((id) => parents.get(id))
          .find((p) => p !== undefined);
        const id = await this.insert(trx, letter, parent, folder.userId, typeId, prepared[i]!);
        parents.set(letter.messageId, { threadId: parent?.threadId ?? id.mailId, ...id.links });
        results.push('stored');
      }
      const lastUid = Math.max(...batch.map((b) => b.uid));
      await trx
        .updateTable('mail_mailbox_folders')
        .set({ last_uid: lastUid, updated_at: new Date().toISOString() })
        .where('mailbox_id', '=', folder.mailboxId)
        .where('folder', '=', folder.folder)
        .where('last_uid', '<', lastUid)
        .execute();
      const count = results.filter((r) => r === 'stored').length;
      if (count) {
        await trx
          .updateTable('mail_mailboxes')
          .set((eb) => ({ message_count: eb('message_count', '+', count) }))
          .where('id', '=', folder.mailboxId)
          .execute();
      }
      return results;
    });
  }

  /** Saves one letter with its event; returns the message's id and the links its event got. */
  private async insert(
    trx: Transaction<DB>,
    letter: ParsedLetter,
    parent: ThreadParent | undefined,
    userId: number,
    typeId: number,
    prepared: PreparedEvent,
  ): Promise<{ mailId: number; links: { clientId: number | null; projectId: number | null } }> {
    const owner = letter.from.address
      ? (await this.services.clients.ownersOfEmails([letter.from.address], trx)).get(letter.from.address)
      : undefined;
    const threadClientId = parent?.clientId ?? null;
    const clientId = owner?.clientId ?? threadClientId;
    const links = {
      clientId,
      contactId: owner ? owner.contactId : null,
      // The thread's project goes along only with the thread's client (an event's project is its client's).
      projectId: parent?.projectId != null && clientId === threadClientId ? parent.projectId : null,
    };
    const create = (l: typeof links) =>
      this.services.events.createWithin(
        trx,
        prepared,
        {
          typeId,
          subject: (letter.subject || NO_SUBJECT).slice(0, EVENT_SUBJECT_LIMIT),
          startsAt: letter.sentAt,
          endsAt: null,
          status: 'done',
          ...l,
          performerId: userId,
          participantIds: [],
          description: letter.text.slice(0, DESCRIPTION_LIMIT),
          result: '',
          journalId: undefined,
        },
        null,
        SYSTEM_VIEWER,
      );
    // A link refused (the thread's client deleted since, say) is checked before anything is
    // written: the letter is kept unsorted rather than blocking the folder.
    const eventId = await create(links).catch((e: unknown) => {
      if (!(e instanceof AppError) || e.status !== 400) throw e;
      links.clientId = links.contactId = links.projectId = null;
      return create(links);
    });
    const now = new Date().toISOString();
    const { id } = await trx
      .insertInto('mail_messages')
      .values({
        message_id: letter.messageId,
        direction: 'in',
        status: 'received',
        event_id: eventId,
        thread_id: parent?.threadId ?? null,
        in_reply_to: letter.inReplyTo,
        references_ids: letter.references.join(' '),
        from_address: letter.from.address,
        from_name: letter.from.name,
        to_list: JSON.stringify(letter.to),
        cc_list: JSON.stringify(letter.cc),
        subject: letter.subject,
        sent_at: letter.sentAt,
        text_body: letter.text,
        html_body: letter.html,
        size: letter.size,
        note: letter.note,
        is_remote_images: letter.hasRemoteImages,
        is_unsorted: links.clientId === null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // The first letter of a conversation is its own thread.
    if (!parent) await trx.updateTable('mail_messages').set({ thread_id: id }).where('id', '=', id).execute();
    for (const a of letter.attachments) {
      await trx
        .insertInto('mail_attachments')
        .values({
          mail_id: id,
          filename: a.filename,
          content_type: a.contentType,
          size: a.size,
          content_id: a.contentId,
          content: a.content,
          is_inline: a.isInline,
        })
        .execute();
    }
    return { mailId: id, links: { clientId: links.clientId, projectId: links.projectId } };
  }

  private async existing(db: Kysely<DB>, messageId: string): Promise<{ eventId: number } | null> {
    const row = await db
      .selectFrom('mail_messages')
      .select('event_id')
      .where('message_id', '=', messageId)
      .executeTakeFirst();
    return row ? { eventId: row.event_id } : null;
  }

  /** Already stored letters the batch's letters answer, by Message-ID, with their events' links. */
  private async storedParents(letters: ParsedLetter[]): Promise<Map<string, ThreadParent>> {
    const wanted = [...new Set(letters.flatMap(threadIds))];
    const rows = [];
    for (let i = 0; i < wanted.length; i += ID_CHUNK) {
      rows.push(
        ...(await this.db
          .selectFrom('mail_messages')
          .select(['id', 'thread_id', 'event_id', 'message_id'])
          .where('message_id', 'in', wanted.slice(i, i + ID_CHUNK))
          .execute()),
      );
    }
    const parents = new Map<string, ThreadParent>();
    for (const r of rows) {
      const event = await this.services.events.get(r.event_id, SYSTEM_VIEWER).catch(() => null);
      parents.set(r.message_id, {
        threadId: r.thread_id ?? r.id,
        clientId: event?.client?.id ?? null,
        projectId: event?.project?.id ?? null,
      });
    }
    return parents;
  }

  private async incomingTypeId(): Promise<number> {
    if (this.typeId === null) {
      const type = await this.services.referenceBooks.eventTypes.byCode('incoming_email');
      if (!type) throw new Error('The system event type incoming_email is missing');
      this.typeId = type.id;
    }
    return this.typeId;
  }
}

/** The Message-IDs a letter answers, nearest first: In-Reply-To, then References from the newest. */
function threadIds(letter: ParsedLetter): string[] {
  const ids = [letter.inReplyTo, ...[...letter.references].reverse()].filter((x) => x !== null);
  return [...new Set(ids)].filter((id) => id !== letter.messageId);
}

/** SQLite and PostgreSQL name a unique-constraint violation differently. */
function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
