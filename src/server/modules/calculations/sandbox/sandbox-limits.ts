/** What one calculation run may do; the script API documentation quotes these numbers. */
export const SANDBOX_LIMITS = {
  /** createTask + createEvent + update + notify per run. */
  maxEffects: 50,
  rejectMessageMax: 1000,
  rejectFieldMax: 200,
  notifyTextMax: 2000,
  logEntries: 200,
  logEntryMax: 2000,
  /** A find() filter as JSON: a valid one is far smaller (at most 6 lists of 500 ids). */
  filterMaxBytes: 16 * 1024,
  /** An effect's input (createTask, createEvent, update) as JSON. */
  argumentMaxBytes: 64 * 1024,
  /** All filters and effect inputs of one run together, as JSON. */
  argumentsTotalMaxBytes: 1024 * 1024,
  /** `doc` as JSON at the end of the run. */
  docMaxBytes: 1024 * 1024,
  findCallsMax: 500,
  /**
   * QuickJS counts its own (shadow) stack only, while the WebAssembly frames use the worker's
   * native stack (4 MB) several times faster: 64 KB keeps every recursion we tried (JSON, parser,
   * proxies, getters, regexps) inside QuickJS's own check. Plain recursion still reaches ~350 calls.
   */
  stackBytes: 64 * 1024,
  /** How much of an uncaught error's message the result carries. */
  errorMessageMax: 2000,
} as const;
