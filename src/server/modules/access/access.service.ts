import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import { AppError, forbidden, notFound } from '../../http/errors.js';
import {
  AREA_MODES,
  type AccessExplanation,
  type AccessReason,
  type Area,
  type DocAction,
  type DocType,
  type JournalledDocType,
  type MyAccess,
} from '../../../shared/schemas/access.js';
import type { AuthUser } from '../auth/auth-context.js';
import { accessCondition } from './access-condition.js';
import { OwnerDensity } from './owner-density.js';
import { DOC_RULES } from './doc-rules.js';
import { expandJournalGrants, grantRows, journalTree, widerLevel } from './grants.js';
import { adminViewer, departmentOf, inJournalSet, resolveViewer, viewerFrom, type Viewer } from './viewer.js';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * The one place that decides who may see and change which documents. Lists, searches, cards,
 * timelines, exports, calendars and counts filter with `condition`; writes call `assertCan` /
 * `assertCreate`. The rule (README, «Доступ к данным»): a user sees a document they are named
 * on, or one whose journal is granted to them and which is within their level for reading;
 * changing needs a read/write grant on the journal and the document within the action's level.
 */
export class AccessService {
  private readonly db: Kysely<DB>;
  private readonly density: OwnerDensity | null;
  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
    this.density = ctx.database.engine === 'sqlite' ? new OwnerDensity(this.db) : null;
  }

  /** A user's rights; resolved outside any transaction (the SQLite density hint reads `this.db`). */
  async viewer(user: Pick<AuthUser, 'id' | 'isAdmin'>): Promise<Viewer> {
    const viewer = await resolveViewer(this.db, user);
    if (this.density && !viewer.unrestricted) viewer.dense = await this.density.of(user.id);
    return viewer;
  }

  /** The viewer of a user known only by id (calendar feeds). */
  async viewerOfUser(userId: number): Promise<Viewer> {
    return this.viewer({ id: userId, isAdmin: await this.services.users.isAdmin(userId) });
  }

  /**
   * The same, read through a saving transaction (notifications decide their recipients in it;
   * on SQLite a read outside would wait for that transaction). Without the density hint.
   */
  async viewerOfUserWithin(db: Db, userId: number): Promise<Viewer> {
    return resolveViewer(db, { id: userId, isAdmin: await this.services.users.isAdmin(userId, db) });
  }

  /** The query condition for a document type, or null when the viewer is not restricted. */
  condition(viewer: Viewer, docType: DocType, action: DocAction = 'read', alias?: string) {
    return accessCondition(viewer, docType, action, alias);
  }

  /** Whether the viewer may do this action on some documents of the type (UI buttons, route checks). */
  allows(viewer: Viewer, docType: DocType, action: DocAction): boolean {
    return viewer.unrestricted || viewer.levels[docType][action] !== 'none';
  }

  areaAllows(viewer: Viewer, area: Area, mode: 'read' | 'write'): boolean {
    return viewer.unrestricted || AREA_MODES.indexOf(viewer.areas[area]) >= AREA_MODES.indexOf(mode);
  }

  /**
   * 404 when the document does not exist or the viewer may not read it (its existence is not
   * revealed); 403 when they may read it but not do `action`.
   */
  async assertCan(
    viewer: Viewer,
    docType: DocType,
    action: Exclude<DocAction, 'create'>,
    id: number,
    db: Db = this.db,
  ): Promise<void> {
    const table = DOC_RULES[docType].table;
    const read = accessCondition(viewer, docType, 'read') ?? sql<boolean>`1 = 1`;
    const act = action === 'read' ? read : (accessCondition(viewer, docType, action) ?? sql<boolean>`1 = 1`);
    const row = await db
      .selectFrom(table)
      .select([
        sql<number>`case when ${read} then 1 else 0 end`.as('r'),
        sql<number>`case when ${act} then 1 else 0 end`.as('a'),
      ])
      .where(sql.ref(`${table}.id`), '=', id)
      .executeTakeFirst();
    if (!row || !Number(row.r)) throw notFound();
    if (!Number(row.a)) throw forbidden();
  }

  async canRead(viewer: Viewer, docType: DocType, id: number, db: Db = this.db): Promise<boolean> {
    return (await this.readableIds(viewer, docType, [id], db)).has(id);
  }

  /** The ids among `ids` the viewer may read (unknown ids are left out). */
  async readableIds(
    viewer: Viewer,
    docType: DocType,
    ids: readonly number[],
    db: Db = this.db,
  ): Promise<Set<number>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Set();
    const table = DOC_RULES[docType].table;
    let q = db
      .selectFrom(table)
      .select(sql<number>`${sql.ref(`${table}.id`)}`.as('id'))
      .where(sql.ref(`${table}.id`), 'in', unique);
    const cond = accessCondition(viewer, docType, 'read');
    if (cond) q = q.where(cond);
    return new Set((await q.execute()).map((r) => Number(r.id)));
  }

  /**
   * Creating: 403 without a create level; a document going into a journal needs a read/write
   * grant on it (a field error on `journalId` otherwise).
   */
  assertCreate(viewer: Viewer, docType: DocType, journalId: number | null): void {
    if (!this.allows(viewer, docType, 'create')) throw forbidden();
    if (journalId !== null) this.assertJournalWritable(viewer, docType, journalId);
  }

  /** Moving a document into a journal (or creating one there) needs a read/write grant on it. */
  assertJournalWritable(viewer: Viewer, docType: DocType, journalId: number): void {
    if (viewer.unrestricted || !DOC_RULES[docType].journal) return;
    if (!inJournalSet(viewer.journals[docType as JournalledDocType].write, journalId))
      throw new AppError(
        403,
        'forbidden',
        {},
        { fields: [{ path: 'journalId', code: 'journal_not_writable', params: { id: journalId } }] },
      );
  }

  mine(viewer: Viewer, isAdmin: boolean): MyAccess {
    return { isAdmin, permissions: viewer.levels, areas: viewer.areas };
  }

  /**
   * Every rule that lets a user read a document. Anyone may ask about themselves; only an
   * administrator about another user. 404 when the user may not read it.
   */
  async explain(
    caller: Viewer,
    docType: DocType,
    id: number,
    forUserId?: number,
  ): Promise<AccessExplanation> {
    const userId = forUserId ?? caller.userId;
    if (userId !== caller.userId && !caller.unrestricted) throw new AppError(403, 'admin_only');
    await this.assertCan(caller, docType, 'read', id);
    const user = await this.db
      .selectFrom('users')
      .select(['id', 'full_name'])
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!user) throw notFound();
    const isAdmin = await this.services.users.isAdmin(userId);
    // The grant rows with their sources: both the user's rights and the reasons come from them.
    const [rows, tree, department] = isAdmin
      ? [null, [], []]
      : await Promise.all([
          grantRows(this.db, { userId }),
          journalTree(this.db),
          departmentOf(this.db, userId),
        ]);
    const target = rows ? viewerFrom(userId, rows, tree, department) : adminViewer(userId);
    await this.assertCan(target, docType, 'read', id);
    const can = async (action: 'edit' | 'delete') =>
      this.assertCan(target, docType, action, id).then(
        () => true,
        () => false,
      );
    const base = {
      docType,
      docId: id,
      user: { id: user.id, name: user.full_name },
      canEdit: await can('edit'),
      canDelete: await can('delete'),
    };
    if (!rows) return { ...base, reasons: [{ kind: 'admin' }] };

    const rule = DOC_RULES[docType];
    const columns = [...new Set([...Object.keys(rule.named), ...rule.own, ...rule.department])];
    const row = (await this.db
      .selectFrom(rule.table)
      .select(columns.map((c) => sql.ref(`${rule.table}.${c}`).as(c)))
      .$if(rule.journal !== null, (q) => q.select(sql.ref(`${rule.table}.journal_id`).as('journal_id')))
      .where(sql.ref(`${rule.table}.id`), '=', id)
      .executeTakeFirstOrThrow()) as Record<string, number | null>;
    const participants = rule.participants
      ? (
          await this.db
            .selectFrom(rule.participants.table)
            .select('user_id')
            .where(sql.ref(rule.participants.column), '=', id)
            .execute()
        ).map((r) => r.user_id)
      : [];

    const reasons: AccessReason[] = [];
    const namedAs = Object.entries(rule.named)
      .filter(([c]) => row[c] === userId)
      .map(([, as]) => as);
    if (participants.includes(userId)) namedAs.push('participant');
    if (namedAs.length) reasons.push({ kind: 'named', as: namedAs });

    const level = target.levels[docType].read;
    const own = rule.own.some((c) => row[c] === userId) || participants.includes(userId);
    const inDepartment = rule.department.some((c) => row[c] !== null && department.includes(row[c]!));
    const within =
      level === 'all' || (level === 'department' && (own || inDepartment)) || (level === 'own' && own);
    let journal: Extract<AccessReason, { kind: 'level' }>['journal'] = null;
    let journalOk = rule.journal === null;
    if (rule.journal) {
      const reach = expandJournalGrants(tree, rows.journals).get(row.journal_id!);
      const name = (jid: number) => tree.find((j) => j.id === jid)?.name ?? `#${jid}`;
      if (reach) {
        journalOk = true;
        journal = {
          id: row.journal_id!,
          name: name(row.journal_id!),
          grantedOn: { id: reach.grantedOn, name: name(reach.grantedOn) },
          mode: reach.mode,
          via: reach.via,
        };
      }
    }
    if (within && journalOk) {
      const via = rows.permissions
        .filter(
          (p) =>
            p.value.docType === docType &&
            p.value.action === 'read' &&
            widerLevel(p.value.level, level) === p.value.level,
        )
        .map((p) => p.source);
      reasons.push({ kind: 'level', level, via, journal });
    }
    return { ...base, reasons };
  }
}
