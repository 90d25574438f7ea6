import type { DocType } from '../../../shared/schemas/access.js';
import type { JournalDocType } from '../../../shared/schemas/reference-books.js';

/**
 * Who counts as whom on each document type — the facts every access rule is built from.
 * - named: people a document names; being named always allows reading it;
 * - own: the "own" level (named people and the author);
 * - department: columns whose user must be in the viewer's department for that level;
 * - participants: the participant table, which also counts as named.
 */
export interface DocRule {
  table: 'clients' | 'projects' | 'events' | 'tasks';
  /** The journal kind in Настройка → Журналы, or null when the type has no journals. */
  journal: JournalDocType | null;
  named: Record<string, string>;
  own: string[];
  department: string[];
  participants: {
    table: 'project_participants' | 'event_participants';
    column: 'project_id' | 'event_id';
  } | null;
}

export const DOC_RULES: Record<DocType, DocRule> = {
  clients: {
    table: 'clients',
    journal: null,
    named: { responsible_id: 'responsible' },
    own: ['responsible_id', 'created_by'],
    department: ['responsible_id', 'created_by'],
    participants: null,
  },
  projects: {
    table: 'projects',
    journal: 'project',
    named: { manager_id: 'manager' },
    own: ['manager_id', 'created_by'],
    department: ['manager_id', 'created_by'],
    participants: { table: 'project_participants', column: 'project_id' },
  },
  events: {
    table: 'events',
    journal: 'event',
    named: { performer_id: 'performer' },
    own: ['performer_id', 'created_by'],
    department: ['performer_id', 'created_by'],
    participants: { table: 'event_participants', column: 'event_id' },
  },
  tasks: {
    table: 'tasks',
    journal: 'task',
    named: { author_id: 'author', performer_id: 'performer', controller_id: 'controller' },
    own: ['author_id', 'performer_id', 'controller_id'],
    department: ['author_id', 'performer_id'],
    participants: null,
  },
};
