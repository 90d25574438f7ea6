import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Services } from '../../services.js';
import type { PreparedEvent } from '../events/events.service.js';
import { SYSTEM_VIEWER } from '../access/viewer.js';
import type { ParsedLetter } from './mail-parse.js';
import { isUniqueViolation } from '../../db/errors.js';

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

/** A letter of the batch to store, with the letter it answers and the links its event gets. */
interface Fresh {
  letter: ParsedLetter;
  prepared: PreparedEvent;
  /** A letter stored before, or one earlier in this batch (its index among the fresh ones). */
  parent: { stored: ThreadParent } | { index: number } | null;
  links: { clientId: number | null; contactId: number | null; projectId: number | null };
}

/** Attachment rows per insert: their contents make big statements. */
const ATTACHMENT_ROWS = 20;

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
      const known = await this.existing(
        trx,
        batch.map((b) => b.letter.messageId),
      );
      const senders = batch.map((b) => b.letter.from.address).filter(Boolean);
      const owners = await this.services.clients.ownersOfEmails(senders, trx);
      const results: IngestResult[] = [];
      const fresh: Fresh[] = [];
      // Letters of this batch are parents of later ones in it too (by their index in `fresh`).
      const inBatch = new Map<string, number>();
      for (const [i, { letter }] of batch.entries()) {
        const eventId = known.get(letter.messageId);
        if (eventId !== undefined) await this.services.events.addParticipant(trx, eventId, folder.userId);
        if (eventId !== undefined || inBatch.has(letter.messageId)) {
          results.push('skipped');
          continue;
        }
        let parent: Fresh['parent'] = null;
        for (const id of threadIds(letter)) {
          const storedParent = stored.get(id);
          if (storedParent) parent = { stored: storedParent };
          else if (inBatch.has(id)) parent = { index: inBatch.get(id)! };
          if (parent) break;
        }
        const parentLinks = !parent ? null : 'stored' in parent ? parent.stored : fresh[parent.index]!.links;
        const owner = owners.get(letter.from.address);
        const threadClientId = parentLinks?.clientId ?? null;
        const clientId = owner?.clientId ?? threadClientId;
        const links = {
          clientId,
          contactId: owner ? owner.contactId : null,
          // The thread's project goes along only with the thread's client (an event's project is its client's).
          projectId:
            parentLinks?.projectId != null && clientId === threadClientId ? parentLinks.projectId : null,
        };
        inBatch.set(letter.messageId, fresh.length);
        fresh.push({ letter, prepared: prepared[i]!, parent, links });
        results.push('stored');
      }
      if (fresh.length) await this.insert(trx, fresh, folder.userId, typeId);
      const lastUid = Math.max(...batch.map((b) => b.uid));
      await trx
        .updateTable('mail_mailbox_folders')
        .set({ last_uid: lastUid, updated_at: new Date().toISOString() })
        .where('mailbox_id', '=', folder.mailboxId)
        .where('folder', '=', folder.folder)
        .where('last_uid', '<', lastUid)
        .execute();
      if (fresh.length) {
        await trx
          .updateTable('mail_mailboxes')
          .set((eb) => ({ message_count: eb('message_count', '+', fresh.length) }))
          .where('id', '=', folder.mailboxId)
          .execute();
      }
      return results;
    });
  }

  /**
   * Saves new letters with their events, a few multi-row statements for the whole batch. A link
   * the event checks refuse (the thread's client deleted since, say) is left out: the letter is
   * kept unsorted rather than blocking the folder.
   */
  private async insert(trx: Transaction<DB>, fresh: Fresh[], userId: number, typeId: number): Promise<void> {
    const eventIds = await this.services.events.createManyWithin(
      trx,
      fresh.map(({ letter, prepared, links }) => ({
        prepared,
        input: {
          typeId,
          subject: (letter.subject || NO_SUBJECT).slice(0, EVENT_SUBJECT_LIMIT),
          startsAt: letter.sentAt,
          endsAt: null,
          status: 'done' as const,
          ...links,
          performerId: userId,
          participantIds: [],
          description: letter.text.slice(0, DESCRIPTION_LIMIT),
          result: '',
          journalId: undefined,
        },
      })),
      null,
      SYSTEM_VIEWER,
      { dropRefusedLinks: true, keepInactiveType: true },
    );
    const linked = await this.services.events.linksByIds(eventIds, trx);
    const now = new Date().toISOString();
    const rows = await trx
      .insertInto('mail_messages')
      .values(
        fresh.map(({ letter, parent }, k) => ({
          message_id: letter.messageId,
          direction: 'in',
          status: 'received',
          event_id: eventIds[k]!,
          thread_id: parent && 'stored' in parent ? parent.stored.threadId : null,
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
          is_unsorted: (linked.get(eventIds[k]!)?.clientId ?? null) === null,
          created_at: now,
          updated_at: now,
        })),
      )
      .returning('id')
      .execute();
    // Ids are handed out in row order; RETURNING's own order is not promised on SQLite.
    const mailIds = rows.map((r) => r.id).sort((a, b) => a - b);
    // A first letter is its own thread; a reply to a letter of this batch joins that one's thread.
    const threads: number[] = [];
    fresh.forEach(({ parent }, k) => {
      threads[k] = !parent
        ? mailIds[k]!
        : 'stored' in parent
          ? parent.stored.threadId
          : threads[parent.index]!;
    });
    const unset = fresh.flatMap(({ parent }, k) => (parent && 'stored' in parent ? [] : [k]));
    if (unset.length) {
      await trx
        .updateTable('mail_messages')
        .set({
          thread_id: sql<number>`case ${sql.join(
            unset.map((k) => sql`when id = ${mailIds[k]!} then cast(${threads[k]!} as bigint)`),
            sql` `,
          )} end`,
        })
        .where(
          'id',
          'in',
          unset.map((k) => mailIds[k]!),
        )
        .execute();
    }
    const attachments = fresh.flatMap(({ letter }, k) =>
      letter.attachments.map((a) => ({
        mail_id: mailIds[k]!,
        filename: a.filename,
        content_type: a.contentType,
        size: a.size,
        content_id: a.contentId,
        content: a.content,
        is_inline: a.isInline,
      })),
    );
    for (let i = 0; i < attachments.length; i += ATTACHMENT_ROWS) {
      await trx
        .insertInto('mail_attachments')
        .values(attachments.slice(i, i + ATTACHMENT_ROWS))
        .execute();
    }
  }

  /** The events of letters already stored, by Message-ID. */
  private async existing(db: Kysely<DB>, messageIds: string[]): Promise<Map<string, number>> {
    const rows = await db
      .selectFrom('mail_messages')
      .select(['message_id', 'event_id'])
      .where('message_id', 'in', [...new Set(messageIds)])
      .execute();
    return new Map(rows.map((r) => [r.message_id, r.event_id]));
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
    const links = await this.services.events.linksByIds(rows.map((r) => r.event_id));
    const parents = new Map<string, ThreadParent>();
    for (const r of rows) {
      const event = links.get(r.event_id);
      parents.set(r.message_id, {
        threadId: r.thread_id ?? r.id,
        clientId: event?.clientId ?? null,
        projectId: event?.projectId ?? null,
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
