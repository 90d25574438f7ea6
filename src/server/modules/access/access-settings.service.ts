import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import { AppError, fieldProblem, notFound } from '../../http/errors.js';
import {
  AREAS,
  DOC_ACTIONS,
  DOC_TYPES,
  type AccessSettings,
  type JournalGrant,
  type SubjectKind,
  type UpdateAccessSettings,
} from '../../../shared/schemas/access.js';
import { ADMIN_ROLE } from '../auth/roles.service.js';
import { emptyAreas, emptyMatrix, grantRows, journalTree, type GrantRows } from './grants.js';
import { departmentOf, viewerFrom } from './viewer.js';

type Db = Kysely<DB> | Transaction<DB>;
interface Subject {
  kind: SubjectKind;
  id: number;
}

/**
 * Доступ к данным → settings of one role or one user: permission matrix, settings areas and
 * journal grants. Only administrators reach these (the routes say so); the administrator role
 * itself is not configurable (it bypasses every check).
 */
export class AccessSettingsService {
  private readonly db: Kysely<DB>;
  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
  }

  async get(subject: Subject): Promise<AccessSettings> {
    const db = this.db;
    const head = await this.subject(db, subject);
    const settings = await this.own(db, subject);
    let effective = settings;
    let roles: { id: number; name: string }[] = [];
    if (subject.kind === 'user') {
      const [all, tree, department] = await Promise.all([
        grantRows(db, { userId: subject.id }),
        journalTree(db),
        departmentOf(db, subject.id),
      ]);
      const viewer = viewerFrom(subject.id, all, tree, department);
      effective = { ...present(all), permissions: viewer.levels, areas: viewer.areas };
      roles =
        (await this.services.roles.rolesOfUsers([subject.id]))
          .get(subject.id)
          ?.map((r) => ({ id: r.id, name: r.name })) ?? [];
    }
    return { subject: head, ...settings, roles, effective };
  }

  async update(
    subject: Subject,
    changes: UpdateAccessSettings,
    actorId: number | null,
  ): Promise<AccessSettings> {
    const head = await this.subject(this.db, subject);
    if (head.isAdmin && subject.kind === 'role') throw new AppError(409, 'admin_role_access');
    if (changes.journals) await this.assertJournals(changes.journals);
    const column = subject.kind === 'role' ? 'role_id' : 'user_id';
    await this.db.transaction().execute(async (trx) => {
      const before = await this.own(trx, subject);
      for (const [docType, actions] of Object.entries(changes.permissions ?? {})) {
        for (const [action, level] of Object.entries(actions ?? {})) {
          await trx
            .deleteFrom('access_permissions')
            .where(column, '=', subject.id)
            .where('doc_type', '=', docType)
            .where('action', '=', action)
            .execute();
          if (level !== 'none')
            await trx
              .insertInto('access_permissions')
              .values({ [column]: subject.id, doc_type: docType, action, level })
              .execute();
        }
      }
      for (const [area, mode] of Object.entries(changes.areas ?? {})) {
        await trx
          .deleteFrom('access_areas')
          .where(column, '=', subject.id)
          .where('area', '=', area)
          .execute();
        if (mode !== 'none')
          await trx
            .insertInto('access_areas')
            .values({ [column]: subject.id, area, mode })
            .execute();
      }
      if (changes.journals) {
        await trx.deleteFrom('journal_grants').where(column, '=', subject.id).execute();
        const unique = new Map(changes.journals.map((g) => [g.journalId, g.mode]));
        if (unique.size)
          await trx
            .insertInto('journal_grants')
            .values(
              [...unique].map(([journalId, mode]) => ({ [column]: subject.id, journal_id: journalId, mode })),
            )
            .execute();
      }
      const after = await this.own(trx, subject);
      await this.services.settingsChanges.record(trx, {
        area: 'access',
        entity: subject.kind,
        entityId: subject.id,
        before: { permissions: before.permissions, areas: before.areas, journals: before.journals },
        after: { permissions: after.permissions, areas: after.areas, journals: after.journals },
        userId: actorId,
      });
    });
    return this.get(subject);
  }

  private async own(db: Db, subject: Subject) {
    return present(
      await grantRows(db, subject.kind === 'role' ? { roleId: subject.id } : { userOnly: subject.id }),
    );
  }

  private async subject(db: Db, subject: Subject): Promise<AccessSettings['subject']> {
    if (subject.kind === 'role') {
      const role = await db
        .selectFrom('roles')
        .select(['id', 'name', 'code'])
        .where('id', '=', subject.id)
        .executeTakeFirst();
      if (!role) throw notFound();
      return { kind: 'role', id: role.id, name: role.name, isAdmin: role.code === ADMIN_ROLE };
    }
    const user = await db
      .selectFrom('users')
      .select(['id', 'full_name'])
      .where('id', '=', subject.id)
      .executeTakeFirst();
    if (!user) throw notFound();
    return {
      kind: 'user',
      id: user.id,
      name: user.full_name,
      isAdmin: await this.services.users.isAdmin(user.id, db),
    };
  }

  private async assertJournals(grants: JournalGrant[]): Promise<void> {
    const ids = [...new Set(grants.map((g) => g.journalId))];
    if (!ids.length) return;
    const found = await this.db.selectFrom('journals').select('id').where('id', 'in', ids).execute();
    const missing = ids.filter((id) => !found.some((f) => f.id === id));
    if (missing.length) {
      const index = grants.findIndex((g) => g.journalId === missing[0]);
      throw fieldProblem(`journals.${index}.journalId`, 'not_found', {
        ids: missing.map((id) => `#${id}`).join(', '),
      });
    }
  }
}

function present(rows: GrantRows): Pick<AccessSettings, 'permissions' | 'areas' | 'journals'> {
  const permissions = emptyMatrix();
  for (const { value: p } of rows.permissions) {
    if ((DOC_ACTIONS as readonly string[]).includes(p.action) && DOC_TYPES.includes(p.docType))
      (permissions[p.docType] as Record<string, string>)[p.action] = p.level;
  }
  const areas = emptyAreas();
  for (const { value: a } of rows.areas) if (AREAS.includes(a.area)) areas[a.area] = a.mode;
  const journals = new Map<number, JournalGrant['mode']>();
  for (const { value: g } of rows.journals) {
    if (journals.get(g.journalId) !== 'write') journals.set(g.journalId, g.mode);
  }
  return {
    permissions,
    areas,
    journals: [...journals]
      .map(([journalId, mode]) => ({ journalId, mode }))
      .sort((a, b) => a.journalId - b.journalId),
  };
}
