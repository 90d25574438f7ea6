import type { Kysely, Selectable } from 'kysely';
import type { DB, UserParametersTable } from '../../db/schema.js';
import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import { AppError } from '../../http/errors.js';
import type { User } from '../../../shared/schemas/users.js';
import type { UpdateUserParameters, UserParameters } from '../../../shared/schemas/user-parameters.js';
import { isUniqueViolation } from '../../db/errors.js';

/** The editable part of a user's parameters, as it is recorded in the settings change log. */
type Stored = {
  position: string;
  phone: string | null;
  sipNumber: string | null;
  isPhoneAutostart: boolean;
  isCorporateMail: boolean;
  isTelephonyStatuses: boolean;
  isCallPopup: boolean;
  isNotificationSound: boolean;
};

/** A user as telephony sees them: SIP number and the telephony flags. */
export interface TelephonyUser {
  userId: number;
  sipNumber: string | null;
  isCallPopup: boolean;
  isTelephonyStatuses: boolean;
  isActive: boolean;
}

/** What a user has before an administrator saves anything for them. */
const DEFAULTS: Stored = {
  position: '',
  phone: null,
  sipNumber: null,
  isPhoneAutostart: false,
  isCorporateMail: false,
  isTelephonyStatuses: false,
  isCallPopup: false,
  isNotificationSound: false,
};

const fromRow = (r: Selectable<UserParametersTable>): Stored => ({
  position: r.position,
  phone: r.phone,
  sipNumber: r.sip_number,
  isPhoneAutostart: r.is_phone_autostart,
  isCorporateMail: r.is_corporate_mail,
  isTelephonyStatuses: r.is_telephony_statuses,
  isCallPopup: r.is_call_popup,
  isNotificationSound: r.is_notification_sound,
});

const toRow = (s: Stored) => ({
  position: s.position,
  phone: s.phone,
  sip_number: s.sipNumber,
  is_phone_autostart: s.isPhoneAutostart,
  is_corporate_mail: s.isCorporateMail,
  is_telephony_statuses: s.isTelephonyStatuses,
  is_call_popup: s.isCallPopup,
  is_notification_sound: s.isNotificationSound,
});

function sipTaken(sipNumber: string): AppError {
  // Names the number only: which user holds it is not the caller's business here.
  return new AppError(
    409,
    'sip_number_taken',
    { sipNumber },
    { fields: [{ path: 'sipNumber', code: 'sip_taken' }] },
  );
}

/**
 * Настройка → Параметры → Пользователи: per-user position, phone, SIP number and flags. A user
 * without a row has the defaults; the row is written on the first save. The position, when left
 * empty, is the linked employee's (returned beside it as `employeePosition`).
 */
export class UserParametersService {
  private readonly db: Kysely<DB>;
  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
  }

  /** Every user (active or not) with their parameters, by login. */
  async list(): Promise<UserParameters[]> {
    const users = await this.services.users.list();
    const rows = await this.db.selectFrom('user_parameters').selectAll().execute();
    const positions = await this.employeePositions(users);
    const byUser = new Map(rows.map((r) => [r.user_id, r]));
    return users.map((u) => this.present(u, byUser.get(u.id), positions));
  }

  /** One user's parameters; 404 for an unknown user. */
  async get(userId: number): Promise<UserParameters> {
    const user = await this.services.users.get(userId);
    const row = await this.db
      .selectFrom('user_parameters')
      .selectAll()
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return this.present(user, row, await this.employeePositions([user]));
  }

  async update(userId: number, changes: UpdateUserParameters, actingUserId: number): Promise<UserParameters> {
    // Outside the transaction: on SQLite a query on this.db inside it would wait forever.
    await this.services.users.get(userId);
    try {
      await this.db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('user_parameters')
          .selectAll()
          .where('user_id', '=', userId)
          .executeTakeFirst();
        const before = row ? fromRow(row) : DEFAULTS;
        const after: Stored = {
          position: changes.position ?? before.position,
          phone: changes.phone === undefined ? before.phone : changes.phone || null,
          sipNumber: changes.sipNumber === undefined ? before.sipNumber : changes.sipNumber || null,
          isPhoneAutostart: changes.isPhoneAutostart ?? before.isPhoneAutostart,
          isCorporateMail: changes.isCorporateMail ?? before.isCorporateMail,
          isTelephonyStatuses: changes.isTelephonyStatuses ?? before.isTelephonyStatuses,
          isCallPopup: changes.isCallPopup ?? before.isCallPopup,
          isNotificationSound: changes.isNotificationSound ?? before.isNotificationSound,
        };
        if (after.sipNumber !== null && after.sipNumber !== before.sipNumber) {
          const holder = await trx
            .selectFrom('user_parameters')
            .select('user_id')
            .where('sip_number', '=', after.sipNumber)
            .where('user_id', '!=', userId)
            .executeTakeFirst();
          if (holder) throw sipTaken(after.sipNumber);
        }
        const now = new Date().toISOString();
        if (row) {
          await trx
            .updateTable('user_parameters')
            .set({ ...toRow(after), updated_at: now })
            .where('user_id', '=', userId)
            .execute();
        } else {
          await trx
            .insertInto('user_parameters')
            .values({ user_id: userId, ...toRow(after), updated_at: now })
            .execute();
        }
        await this.services.settingsChanges.record(trx, {
          area: 'parameters',
          entity: 'user_parameters',
          entityId: userId,
          before,
          after,
          userId: actingUserId,
        });
      });
    } catch (e) {
      // Two administrators giving one number at the same moment: the unique index decides.
      if (isUniqueViolation(e) && changes.sipNumber) throw sipTaken(changes.sipNumber);
      throw e;
    }
    return this.get(userId);
  }

  /** Every user with a SIP number, by that number (telephony finds a call's employee here). */
  async sipDirectory(db: Kysely<DB> = this.db): Promise<Map<string, TelephonyUser>> {
    const rows = await db
      .selectFrom('user_parameters')
      .innerJoin('users', 'users.id', 'user_parameters.user_id')
      .select([
        'user_parameters.user_id',
        'user_parameters.sip_number',
        'user_parameters.is_call_popup',
        'user_parameters.is_telephony_statuses',
        'users.is_active',
      ])
      .where('user_parameters.sip_number', 'is not', null)
      .execute();
    return new Map(
      rows.map((r) => [
        r.sip_number!,
        {
          userId: r.user_id,
          sipNumber: r.sip_number!,
          isCallPopup: r.is_call_popup,
          isTelephonyStatuses: r.is_telephony_statuses,
          isActive: r.is_active,
        },
      ]),
    );
  }

  /** One user's telephony parameters (defaults when none were saved). */
  async telephonyOf(userId: number, db: Kysely<DB> = this.db): Promise<Omit<TelephonyUser, 'isActive'>> {
    const r = await db
      .selectFrom('user_parameters')
      .select(['sip_number', 'is_call_popup', 'is_telephony_statuses'])
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return {
      userId,
      sipNumber: r?.sip_number ?? null,
      isCallPopup: r?.is_call_popup ?? DEFAULTS.isCallPopup,
      isTelephonyStatuses: r?.is_telephony_statuses ?? DEFAULTS.isTelephonyStatuses,
    };
  }

  private async employeePositions(users: User[]): Promise<Map<number, string>> {
    const ids = [...new Set(users.map((u) => u.employee?.id).filter((id): id is number => id !== undefined))];
    const brief = await this.services.employees.briefByIds(ids);
    return new Map([...brief].map(([id, e]) => [id, e.position]));
  }

  private present(
    user: User,
    row: Selectable<UserParametersTable> | undefined,
    positions: Map<number, string>,
  ): UserParameters {
    const stored = row ? fromRow(row) : DEFAULTS;
    return {
      userId: user.id,
      login: user.login,
      fullName: user.fullName,
      isActive: user.isActive,
      ...stored,
      employeePosition: user.employee ? (positions.get(user.employee.id) ?? null) : null,
      updatedAt: row?.updated_at ?? null,
    };
  }
}
