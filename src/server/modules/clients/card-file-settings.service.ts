import type { Kysely, Transaction } from 'kysely';
import type { CountryCode } from 'libphonenumber-js';
import type { DB } from '../../db/schema.js';
import type { Services } from '../../services.js';
import type { CardFileSettings, UpdateCardFileSettings } from '../../../shared/schemas/clients.js';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Card-file defaults the administrator sets (one row): the country whose numbers are written
 * without a country code, for normalising phones.
 */
export class CardFileSettingsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly services: Services,
  ) {}

  async get(db: Db = this.db): Promise<CardFileSettings> {
    const row = await db
      .selectFrom('card_file_settings')
      .select(['default_phone_country', 'updated_at'])
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return { defaultPhoneCountry: row.default_phone_country, updatedAt: row.updated_at };
  }

  /** The country for phones written without a code (validated on write, so a CountryCode). */
  async phoneCountry(db: Db = this.db): Promise<CountryCode> {
    return (await this.get(db)).defaultPhoneCountry as CountryCode;
  }

  async update(input: UpdateCardFileSettings, userId: number): Promise<CardFileSettings> {
    await this.db.transaction().execute(async (trx) => {
      const before = await this.get(trx);
      await trx
        .updateTable('card_file_settings')
        .set({ default_phone_country: input.defaultPhoneCountry, updated_at: new Date().toISOString() })
        .where('id', '=', 1)
        .execute();
      await this.services.settingsChanges.record(trx, {
        area: 'parameters',
        entity: 'card_file_settings',
        entityId: 1,
        before: { defaultPhoneCountry: before.defaultPhoneCountry },
        after: { defaultPhoneCountry: input.defaultPhoneCountry },
        userId,
      });
    });
    return this.get();
  }
}
