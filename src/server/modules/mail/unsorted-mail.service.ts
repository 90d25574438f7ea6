import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import { AppError, fieldProblem, notFound } from '../../http/errors.js';
import type { Viewer } from '../access/viewer.js';
import { createClientRequest, emailInput } from '../../../shared/schemas/clients.js';
import type { createClientFromUnsortedRequest, linkUnsortedRequest } from '../../../shared/schemas/mail.js';
import type { z } from 'zod';

type LinkInput = z.output<typeof linkUnsortedRequest>;
type CreateClientInput = z.output<typeof createClientFromUnsortedRequest>;

interface UnsortedLetter {
  id: number;
  eventId: number;
  fromAddress: string;
}

/**
 * «Неразобранные»: letters from unknown senders, linked to a client or dismissed. Linking goes
 * through the event (the letter's client is its event's), with the event's own access checks.
 */
export class UnsortedMailService {
  private readonly db: Kysely<DB>;
  constructor(
    readonly ctx: AppContext,
    readonly services: Services,
  ) {
    this.db = ctx.database.db;
  }

  /**
   * Links the letter to a client (and contact person). With `rememberAddress` the sender's
   * address joins the client's (or the contact's) e-mails, so later letters link by themselves,
   * and the sender's other unsorted letters the caller may edit are linked too.
   */
  async link(mailId: number, input: LinkInput, userId: number, viewer: Viewer): Promise<{ linked: number }> {
    const letter = await this.unsorted(mailId, viewer);
    const contactId = input.contactId ?? null;
    if (input.rememberAddress && letter.fromAddress) {
      await this.services.access.assertCan(viewer, 'clients', 'edit', input.clientId);
    }
    await this.linkOne(letter, input.clientId, contactId, userId, viewer);
    if (!input.rememberAddress || !letter.fromAddress) return { linked: 1 };
    await this.rememberAddress(letter.fromAddress, input.clientId, contactId, userId, viewer);
    return { linked: 1 + (await this.linkOthers(letter, input.clientId, contactId, userId, viewer)) };
  }

  /** Creates a client with the sender's address, then links the letter (and its sender's others). */
  async createClient(
    mailId: number,
    input: CreateClientInput,
    userId: number,
    viewer: Viewer,
  ): Promise<{ clientId: number; linked: number }> {
    const letter = await this.unsorted(mailId, viewer);
    this.services.access.assertCreate(viewer, 'clients', null);
    const email = emailInput.safeParse(letter.fromAddress);
    const client = await this.services.clients.create(
      createClientRequest.parse({
        kind: input.kind,
        name: input.name,
        emails: email.success ? [email.data] : [],
      }),
      userId,
      viewer,
    );
    await this.linkOne(letter, client.id, null, userId, viewer);
    const others = email.success ? await this.linkOthers(letter, client.id, null, userId, viewer) : 0;
    return { clientId: client.id, linked: 1 + others };
  }

  /** Not a client's letter (a newsletter, spam): it leaves «Неразобранные» without a client. */
  async dismiss(mailId: number, viewer: Viewer): Promise<void> {
    const letter = await this.unsorted(mailId, viewer);
    await this.markSorted(letter.id);
  }

  /** The letter when it is unsorted and the viewer may edit its event. */
  private async unsorted(mailId: number, viewer: Viewer): Promise<UnsortedLetter> {
    const row = await this.db
      .selectFrom('mail_messages')
      .select(['id', 'event_id', 'from_address', 'is_unsorted'])
      .where('id', '=', mailId)
      .executeTakeFirst();
    if (!row) throw notFound();
    await this.services.access.assertCan(viewer, 'events', 'edit', row.event_id);
    if (!row.is_unsorted) throw new AppError(409, 'mail_not_unsorted');
    return { id: row.id, eventId: row.event_id, fromAddress: row.from_address };
  }

  private async linkOne(
    letter: UnsortedLetter,
    clientId: number,
    contactId: number | null,
    userId: number,
    viewer: Viewer,
  ): Promise<void> {
    await this.services.events.update(letter.eventId, { clientId, contactId }, userId, viewer);
    await this.markSorted(letter.id);
  }

  /** The sender's other unsorted letters the viewer may edit; one refused is left as it is. */
  private async linkOthers(
    letter: UnsortedLetter,
    clientId: number,
    contactId: number | null,
    userId: number,
    viewer: Viewer,
  ): Promise<number> {
    let q = this.db
      .selectFrom('mail_messages as m')
      .innerJoin('events as e', 'e.id', 'm.event_id')
      .select(['m.id', 'm.event_id', 'm.from_address'])
      .where('m.is_unsorted', '=', true)
      .where('m.from_address', '=', letter.fromAddress)
      .where('m.id', '!=', letter.id);
    const editable = this.services.access.condition(viewer, 'events', 'edit', 'e');
    if (editable) q = q.where(editable);
    let linked = 0;
    for (const r of await q.execute()) {
      try {
        await this.linkOne(
          { id: r.id, eventId: r.event_id, fromAddress: r.from_address },
          clientId,
          contactId,
          userId,
          viewer,
        );
        linked++;
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
      }
    }
    return linked;
  }

  /** Adds the address to the client's e-mails, or to the contact person's. */
  private async rememberAddress(
    address: string,
    clientId: number,
    contactId: number | null,
    userId: number,
    viewer: Viewer,
  ): Promise<void> {
    const email = emailInput.safeParse(address);
    if (!email.success) return;
    const card = await this.services.clients.get(clientId, viewer);
    const has = (list: string[]) => list.some((e) => e.trim().toLowerCase() === address);
    if (contactId === null) {
      if (has(card.emails)) return;
      await this.services.clients.update(clientId, { emails: [...card.emails, email.data] }, userId, viewer);
      return;
    }
    const contact = card.contacts.find((c) => c.id === contactId);
    if (!contact) throw fieldProblem('contactId', 'mail_contact_other_client');
    if (has(contact.emails)) return;
    await this.services.clients.update(
      clientId,
      {
        contacts: card.contacts.map((c) => ({
          id: c.id,
          name: c.name,
          position: c.position,
          notes: c.notes,
          phones: c.phones.map((p) => ({ number: p.number, kind: p.kind })),
          emails: c.id === contactId ? [...c.emails, email.data] : c.emails,
        })),
      },
      userId,
      viewer,
    );
  }

  private async markSorted(id: number): Promise<void> {
    await this.db
      .updateTable('mail_messages')
      .set({ is_unsorted: false, updated_at: new Date().toISOString() })
      .where('id', '=', id)
      .execute();
  }
}
