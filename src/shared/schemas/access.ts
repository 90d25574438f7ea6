import { z } from 'zod';
import { idSchema } from './common.js';

/**
 * Доступ к данным: what a role or a single user may do with each document type, in which
 * journals, and which settings areas they may open or change.
 */
export const DOC_TYPES = ['clients', 'projects', 'events', 'tasks'] as const;
export const docTypeSchema = z.enum(DOC_TYPES);
export type DocType = z.infer<typeof docTypeSchema>;

export const DOC_ACTIONS = ['read', 'create', 'edit', 'delete', 'export'] as const;
export const docActionSchema = z.enum(DOC_ACTIONS);
export type DocAction = z.infer<typeof docActionSchema>;

/** Ordered from narrowest to widest; several sources merge to the widest. */
export const LEVELS = ['none', 'own', 'department', 'all'] as const;
export const levelSchema = z.enum(LEVELS);
export type Level = z.infer<typeof levelSchema>;

export const AREAS = ['books', 'numbering', 'parameters', 'mail', 'users'] as const;
export const areaSchema = z.enum(AREAS);
export type Area = z.infer<typeof areaSchema>;

export const AREA_MODES = ['none', 'read', 'write'] as const;
export const areaModeSchema = z.enum(AREA_MODES);
export type AreaMode = z.infer<typeof areaModeSchema>;

/** Document types kept in journals (clients are not). */
export const JOURNAL_DOC_TYPES = ['projects', 'events', 'tasks'] as const;
export type JournalledDocType = (typeof JOURNAL_DOC_TYPES)[number];

export const GRANT_MODES = ['read', 'write'] as const;
export const grantModeSchema = z.enum(GRANT_MODES);
export type GrantMode = z.infer<typeof grantModeSchema>;

const actionLevels = z.object({
  read: levelSchema,
  create: levelSchema,
  edit: levelSchema,
  delete: levelSchema,
  export: levelSchema,
});
export const permissionMatrix = z
  .object({ clients: actionLevels, projects: actionLevels, events: actionLevels, tasks: actionLevels })
  .meta({ id: 'PermissionMatrix' });
export type PermissionMatrix = z.infer<typeof permissionMatrix>;

export const areaModes = z
  .object({
    books: areaModeSchema,
    numbering: areaModeSchema,
    parameters: areaModeSchema,
    mail: areaModeSchema,
    users: areaModeSchema,
  })
  .meta({ id: 'AreaModes' });
export type AreaModes = z.infer<typeof areaModes>;

export const journalGrant = z.object({ journalId: idSchema, mode: grantModeSchema });
export type JournalGrant = z.infer<typeof journalGrant>;

export const subjectKindSchema = z.enum(['role', 'user']);
export type SubjectKind = z.infer<typeof subjectKindSchema>;
export const subjectParams = z.object({ kind: subjectKindSchema, id: z.coerce.number().int().positive() });

/** What is set on one role or one user (a user's own settings add to those of their roles). */
export const accessSettings = z
  .object({
    subject: z.object({ kind: subjectKindSchema, id: idSchema, name: z.string(), isAdmin: z.boolean() }),
    permissions: permissionMatrix,
    areas: areaModes,
    journals: z.array(journalGrant),
    /** For a user: the roles they hold and the result of merging those with their own settings. */
    roles: z.array(z.object({ id: idSchema, name: z.string() })),
    effective: z.object({ permissions: permissionMatrix, areas: areaModes, journals: z.array(journalGrant) }),
  })
  .meta({ id: 'AccessSettings' });
export type AccessSettings = z.infer<typeof accessSettings>;

export const updateAccessSettingsRequest = z.strictObject({
  permissions: z.partialRecord(docTypeSchema, z.partialRecord(docActionSchema, levelSchema)).optional(),
  areas: z.partialRecord(areaSchema, areaModeSchema).optional(),
  /** Replaces all journal grants of the subject. */
  journals: z.array(journalGrant).max(1000).optional(),
});
export type UpdateAccessSettings = z.infer<typeof updateAccessSettingsRequest>;

/** The caller's own effective rights: what the UI shows or hides. */
export const myAccess = z
  .object({ isAdmin: z.boolean(), permissions: permissionMatrix, areas: areaModes })
  .meta({ id: 'MyAccess' });
export type MyAccess = z.infer<typeof myAccess>;

const source = z.object({ kind: subjectKindSchema, id: idSchema, name: z.string() });
export type AccessSource = z.infer<typeof source>;

/** Why a document is visible to a user: every rule that lets them see it. */
export const accessReason = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('admin') }),
  z.object({ kind: z.literal('named'), as: z.array(z.string()) }),
  z.object({
    kind: z.literal('level'),
    level: levelSchema,
    via: z.array(source),
    journal: z
      .object({
        id: idSchema,
        name: z.string(),
        grantedOn: z.object({ id: idSchema, name: z.string() }),
        mode: grantModeSchema,
        via: z.array(source),
      })
      .nullable(),
  }),
]);
export type AccessReason = z.infer<typeof accessReason>;

export const accessExplanation = z
  .object({
    docType: docTypeSchema,
    docId: idSchema,
    user: z.object({ id: idSchema, name: z.string() }),
    reasons: z.array(accessReason),
    canEdit: z.boolean(),
    canDelete: z.boolean(),
  })
  .meta({ id: 'AccessExplanation' });
export type AccessExplanation = z.infer<typeof accessExplanation>;

export const explainParams = z.object({ docType: docTypeSchema, id: z.coerce.number().int().positive() });
export const explainQuery = z.object({ userId: z.coerce.number().int().positive().optional() });
