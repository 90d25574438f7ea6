import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Locale } from '../../../shared/locale.js';
import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import type { Viewer } from '../access/viewer.js';
import type { TimelineKind, TimelinePage } from '../../../shared/schemas/timeline.js';
import {
  compareTimeline,
  encodeTimelineCursor,
  type TimelineScope,
  type TimelineSource,
} from './timeline-source.js';

/**
 * One timeline of a client (events, tasks, projects and changes) or of a project (its events and
 * tasks), newest first: each source gives its next `limit` lines after the cursor and the page is
 * the first `limit` of their merge, so any page costs `limit` rows per source.
 */
export class TimelineService {
  private readonly db: Kysely<DB>;
  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
  }

  async page(
    scope: TimelineScope,
    viewer: Viewer,
    query: { cursor?: string | undefined; limit: number; kinds?: TimelineKind[] | undefined },
    locale: Locale,
  ): Promise<TimelinePage> {
    const sources: [TimelineKind, TimelineSource][] = [
      ['event', this.services.events],
      ['task', this.services.tasks],
      ['project', this.services.projects],
      ['change', this.services.history],
    ];
    const wanted = sources.filter(([kind]) => !query.kinds?.length || query.kinds.includes(kind));
    const parts = await Promise.all(
      wanted.map(([, source]) =>
        source.timeline(this.db, scope, viewer, query.cursor ?? null, query.limit + 1, locale),
      ),
    );
    const merged = parts.flat().sort(compareTimeline);
    const items = merged.slice(0, query.limit);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: merged.length > query.limit && last ? encodeTimelineCursor(last) : null,
    };
  }
}
