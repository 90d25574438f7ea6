import type { CalcErrorKind, CalcTrigger } from '../../../../shared/schemas/calculations.js';

/** Plain JSON: the only thing that crosses the sandbox boundary, in either direction. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** One run of one script. The sandbox knows nothing of the database: `find` is the host's. */
export interface SandboxRequest {
  code: string;
  trigger: CalcTrigger;
  /** created | updated */
  action: string;
  doc: JsonObject;
  prev: JsonObject | null;
  user: JsonObject | null;
  timeLimitMs: number;
  memoryLimitMb: number;
  /**
   * Read-only lookup (`await find(type, filter)` in the script). Its time counts against the
   * limit; a rejection surfaces in the script as an Error with the message.
   */
  find: (type: string, filter: Json) => Promise<Json>;
}

/** What the script asked for; the caller performs them (or, in a dry run, only shows them). */
export type SandboxEffect =
  | { kind: 'createTask'; input: JsonObject }
  | { kind: 'createEvent'; input: JsonObject }
  | { kind: 'update'; docType: string; id: number; fields: JsonObject }
  | { kind: 'notify'; userId: number; text: string };

export interface SandboxResult {
  /** `doc` as the script left it (a JSON copy; unchanged when the run failed). */
  doc: JsonObject;
  rejected: { message: string; field: string | null } | null;
  effects: SandboxEffect[];
  logs: string[];
  error: { kind: CalcErrorKind; message: string; line: number | null } | null;
  durationMs: number;
}
