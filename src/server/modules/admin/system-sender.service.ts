import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import type { Services } from '../../services.js';
import type { SystemSender, updateSystemSenderRequest } from '../../../shared/schemas/system-letters.js';

/**
 * The system sender (Администратор → Рассылка): the enterprise mailbox notifications come from,
 * kept with the enterprise mail servers. Its password is encrypted and never returned.
 */
export class SystemSenderService {
  private readonly db: Kysely<DB>;

  constructor(
    private readonly ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
  }

  async get(): Promise<SystemSender> {
    const r = await this.row(this.db);
    return {
      address: r.system_sender_address,
      name: r.system_sender_name,
      hasPassword: r.system_sender_password_enc !== null,
      ready:
        r.system_sender_address !== null && r.system_sender_password_enc !== null && r.smtp_host !== null,
    };
  }

  /** Omitted password: the stored one stays; '' clears it. */
  async update(input: z.output<typeof updateSystemSenderRequest>, userId: number): Promise<SystemSender> {
    await this.db.transaction().execute(async (trx) => {
      const before = await this.row(trx);
      const passwordGiven = input.password !== undefined;
      const hadPassword = before.system_sender_password_enc !== null;
      await trx
        .updateTable('mail_settings')
        .set({
          system_sender_address: input.address,
          system_sender_name: input.name,
          ...(passwordGiven && {
            system_sender_password_enc: input.password ? this.ctx.secrets.encrypt(input.password) : null,
          }),
          updated_at: new Date().toISOString(),
          updated_by: userId,
        })
        .where('id', '=', 1)
        .execute();
      // The log says that the password changed, never what it is.
      const hasPassword = passwordGiven ? Boolean(input.password) : hadPassword;
      await this.services.settingsChanges.record(trx, {
        area: 'mail',
        entity: 'system_sender',
        entityId: 1,
        before: {
          address: before.system_sender_address,
          name: before.system_sender_name,
          isPasswordSet: hadPassword,
        },
        after: {
          address: input.address,
          name: input.name,
          isPasswordSet: hasPassword,
          ...(passwordGiven && hadPassword && hasPassword && { isPasswordReplaced: true }),
        },
        userId,
      });
    });
    return this.get();
  }

  /** The login letters are sent with; null while the address or the password is not set. */
  async credentials(): Promise<{ address: string; name: string; password: string } | null> {
    const r = await this.row(this.db);
    if (r.system_sender_address === null || r.system_sender_password_enc === null) return null;
    return {
      address: r.system_sender_address,
      name: r.system_sender_name,
      password: this.ctx.secrets.decrypt(r.system_sender_password_enc),
    };
  }

  private row(db: Kysely<DB> | Transaction<DB>) {
    return db
      .selectFrom('mail_settings')
      .select(['system_sender_address', 'system_sender_name', 'system_sender_password_enc', 'smtp_host'])
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
  }
}
