import { CompiledQuery, type Compilable, type Kysely } from 'kysely';

/**
 * Kysely rebuilds and recompiles a query on every call, which costs about 30 µs — more than
 * SQLite takes to answer it. Queries run on every request (session and token lookup, /me) are
 * compiled once here, with named placeholders, and then run with new values.
 */
const PLACEHOLDER = Symbol('placeholder');
interface Placeholder {
  [PLACEHOLDER]: string;
}

/** A value slot to fill at run time; typed as T so the builder accepts it. */
export function slot<T>(name: string): T {
  return { [PLACEHOLDER]: name } as Placeholder as T;
}

function isPlaceholder(v: unknown): v is Placeholder {
  return typeof v === 'object' && v !== null && PLACEHOLDER in v;
}

type Values = Record<string, unknown>;

export interface Precompiled<Row> {
  execute(values: Values): Promise<Row[]>;
  first(values: Values): Promise<Row | undefined>;
}

export function precompile<D, Row>(db: Kysely<D>, query: Compilable<Row>): Precompiled<Row> {
  const compiled = query.compile();
  const bind = (values: Values) =>
    compiled.parameters.map((p) => (isPlaceholder(p) ? values[p[PLACEHOLDER]] : p));
  const execute = async (values: Values) =>
    (await db.executeQuery<Row>(CompiledQuery.raw(compiled.sql, bind(values)))).rows;
  return { execute, first: async (values) => (await execute(values))[0] };
}
