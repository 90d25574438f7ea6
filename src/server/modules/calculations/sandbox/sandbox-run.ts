import type {
  QuickJSContext,
  QuickJSDeferredPromise,
  QuickJSHandle,
  QuickJSRuntime,
  VmCallResult,
} from 'quickjs-emscripten-core';
import { CALC_DOC_TYPES } from '../../../../shared/schemas/calculations.js';
import type { Json, JsonObject, SandboxEffect, SandboxResult } from './sandbox-types.js';
import type { FindAnswer, RunRequest } from './sandbox-protocol.js';
import { SANDBOX_LIMITS } from './sandbox-limits.js';
import { DESCRIBE, INSTALL, PRELUDE_FILE, SCRIPT_FILE, wrapScript } from './sandbox-prelude.js';
import { noteLeak, retireModule, type ModuleSlot } from './sandbox-module.js';

/** The script's `find`, answered by the main thread. */
export type FindJson = (type: string, filter: Json) => Promise<FindAnswer>;

/**
 * Runs one script in a fresh QuickJS runtime and context of the worker's module (WebAssembly): no
 * Node APIs, no timers, a time and a memory limit. Never throws for anything the script does.
 * `rejected` is set once reject() was called (then `error` is null); `effects` and `logs` are what
 * the script asked for before it ended or stopped; `doc` is the input unless the run succeeded.
 * The worker starts runs from its message handler only: QuickJS always starts on a fresh, shallow
 * native stack (see stackBytes).
 */
export function executeRun(slot: ModuleSlot, req: RunRequest, find: FindJson): Promise<SandboxResult> {
  return new SandboxRun(slot, req, find).execute();
}

/**
 * V8 compiles the WebAssembly function by function on first use: the first runs would spend tens
 * of milliseconds of their time limit on that (a fresh worker's first memory error took 60 ms). A
 * worker runs scripts through the usual paths (the API, `find`, JSON, an uncaught error) and the
 * limits' (time, memory, stack) before it serves anyone.
 */
export async function warmUp(slot: ModuleSlot): Promise<void> {
  const req: RunRequest = {
    code: `const found = await find('warm-up', { ids: [1, 2] });
log('warm-up', found, { n: 1 }, [1, 2].map(String).join());
doc.n = JSON.parse(JSON.stringify(found)).length + /a(b)?/.exec('ab')[1].length + new Date(0).getTime();
try { null.x; } catch (e) { log(e); }
notify(1, 'warm-up');
if (doc.n > 100) reject('warm-up', 'n');
missing.x;`,
    trigger: 'before_save',
    action: 'updated',
    doc: { n: 1 },
    prev: { n: 0 },
    user: null,
    timeLimitMs: 5000,
    memoryLimitMb: 16,
  };
  const find = () => Promise.resolve<FindAnswer>({ kind: 'json', json: '[{"id":1}]' });
  await executeRun(slot, req, find);
  for (const [code, timeLimitMs, memoryLimitMb] of [
    ['for (;;) {}', 5, 16],
    ['const a = []; for (;;) a.push([1, 2, 3]);', 5000, 2],
    ['function f() { return f() + 1; } f();', 5000, 16],
  ] as const) {
    await executeRun(slot, { ...req, code, timeLimitMs, memoryLimitMb }, find);
  }
}

type RunError = NonNullable<SandboxResult['error']>;
type Outcome = { error: RunError | null; doc: JsonObject | null };

/** The script API the host implements (doc, prev, user, action, trigger and console come with them). */
const API_FUNCTIONS = ['reject', 'find', 'createTask', 'createEvent', 'update', 'notify', 'log'] as const;
type ApiFunction = (typeof API_FUNCTIONS)[number];

/** A misuse of the script API: thrown inside the script as an Error (kind 'api' when uncaught). */
class ApiError extends Error {}

/** An exception from VM code a host function ran (a toJSON, a toString): passed on as it is. */
class VmThrow extends Error {
  constructor(readonly handle: QuickJSHandle) {
    super('VM exception');
  }
}

/** The VM has no room left for what the host has to give it. */
class MemoryExceeded extends Error {}

/** The deadline passed while the host was handing something to the VM. */
class TimedOut extends Error {}

const EFFECTS_WHAT = 'createTask, createEvent, update, notify';

const MEMORY_ERROR =
  /^(InternalError: (out of memory|string too long)|RangeError: (invalid string length|invalid array buffer length|BigInt is too large))/;
const STACK_ERROR =
  /^(InternalError|SyntaxError|RangeError): (stack overflow|too much recursion|Maximum call stack)/;

/** Intrinsics taken from the fresh context before the script ran. */
interface Intrinsics {
  stringify: QuickJSHandle;
  parse: QuickJSHandle;
  string: QuickJSHandle;
  slice: QuickJSHandle;
  /** What reject() throws; recognised at the end and never reported as an error. */
  marker: QuickJSHandle;
  /** Marks an Error an API function throws, and tells whether a value is one (see INSTALL). */
  markApiError: QuickJSHandle;
  isApiError: QuickJSHandle;
}

class SandboxRun {
  private readonly link: { run: SandboxRun | null } = { run: this };
  private rt: QuickJSRuntime | null = null;
  private ctx: QuickJSContext | null = null;
  private readonly owned: QuickJSHandle[] = [];
  private vm: Intrinsics | null = null;

  private readonly started = performance.now();
  private readonly deadline: number;
  private finished = false;
  private interrupted = false;
  private fault: unknown = null;

  private rejected: SandboxResult['rejected'] = null;
  private readonly effects: SandboxEffect[] = [];
  private readonly logs: string[] = [];

  private findCalls = 0;
  /**
   * The one `find` in flight, and its answer once it came. The prelude's `find` waits inside the
   * VM for the previous call to settle: the host never queues a call, nor keeps a filter.
   */
  private pendingFind: QuickJSDeferredPromise | null = null;
  private settledFind: FindAnswer | null = null;
  private wake: (() => void) | null = null;
  /** Bytes of JSON the host copied out of the VM so far (see argument). */
  private copiedBytes = 0;

  constructor(
    private readonly slot: ModuleSlot,
    private readonly req: RunRequest,
    private readonly find: FindJson,
  ) {
    this.deadline = this.started + Math.max(1, req.timeLimitMs);
  }

  async execute(): Promise<SandboxResult> {
    let outcome: Outcome;
    try {
      outcome = await this.run();
    } catch (error) {
      outcome = { error: this.hostFailure(error), doc: null };
    } finally {
      this.finished = true;
      this.dispose();
      // What QuickJS might still hold (a runtime it could not free) reaches no further than `link`.
      this.link.run = null;
    }
    const rejected = this.rejected;
    return {
      doc: rejected === null && outcome.doc !== null ? outcome.doc : this.req.doc,
      rejected,
      effects: this.effects,
      logs: this.logs,
      error: rejected === null ? outcome.error : null,
      durationMs: Math.round((performance.now() - this.started) * 1000) / 1000,
    };
  }

  private async run(): Promise<Outcome> {
    const rt = (this.rt = this.slot.module.newRuntime());
    rt.setMemoryLimit(Math.max(1, this.req.memoryLimitMb) * 1024 * 1024);
    rt.setMaxStackSize(SANDBOX_LIMITS.stackBytes);
    const link = this.link;
    rt.setInterruptHandler(() => link.run?.shouldInterrupt() ?? true);
    const ctx = (this.ctx = rt.newContext());

    const setupError = this.install(ctx);
    if (setupError) return { error: setupError, doc: null };

    const evaluated = ctx.evalCode(wrapScript(this.req.code), SCRIPT_FILE, { type: 'global' });
    this.checkFault();
    if (evaluated.error) return { error: this.classify(ctx, this.own(evaluated.error)), doc: null };
    const main = this.own(evaluated.value);

    for (;;) {
      this.deliverFind(ctx);
      const jobs = rt.executePendingJobs();
      this.checkFault();
      if (jobs.error) return { error: this.classify(ctx, this.own(jobs.error)), doc: null };
      // An interrupt inside a promise job only rejects that job's promise: the run still timed out.
      if (this.interrupted) return { error: this.timeoutError(), doc: null };

      const state = ctx.getPromiseState(main);
      if (state.type === 'fulfilled') {
        if (!state.notAPromise) state.value.dispose();
        return this.rejected ? { error: null, doc: null } : this.exportDoc(ctx);
      }
      if (state.type === 'rejected') {
        const error = this.own(state.error);
        return { error: this.rejected ? null : this.classify(ctx, error), doc: null };
      }

      // The script waits: for a `find`, or for something that will never come.
      if (this.rejected) return { error: null, doc: null };
      const remaining = this.deadline - performance.now();
      if (this.interrupted || remaining <= 0) return { error: this.timeoutError(), doc: null };
      if (this.pendingFind === null && !rt.hasPendingJob()) {
        return {
          error: { kind: 'script', message: 'The script awaits a promise that never settles', line: null },
          doc: null,
        };
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.ceil(remaining));
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
        if (this.settledFind !== null) this.wake();
      });
      this.wake = null;
      this.checkFault();
    }
  }

  /** The API and the input; an error only when the limits leave no room for them. */
  private install(ctx: QuickJSContext): RunError | null {
    const api = this.own(ctx.newObject());
    const link = this.link;
    for (const name of API_FUNCTIONS) {
      const fn = ctx.newFunction(name, (...args) => link.run?.callHost(ctx, name, args));
      ctx.setProp(api, name, fn);
      fn.dispose();
    }
    const compiled = ctx.evalCode(INSTALL, PRELUDE_FILE, { type: 'global' });
    if (compiled.error) return this.setupFailure(ctx, this.own(compiled.error));
    const install = this.own(compiled.value);
    const { doc, prev, user, action, trigger } = this.req;
    const input = this.own(ctx.newString(JSON.stringify({ doc, prev, user, action, trigger })));
    if (ctx.typeof(input) !== 'string') return this.memoryError('the document does not fit', null);
    const installed = ctx.callFunction(install, ctx.undefined, ctx.global, input, api);
    if (installed.error) return this.setupFailure(ctx, this.own(installed.error));
    const list = this.own(installed.value);
    const [stringify, parse, string, slice, marker, markApiError, isApiError] = [0, 1, 2, 3, 4, 5, 6].map(
      (i) => this.own(ctx.getProp(list, i)),
    );
    this.vm = {
      stringify: stringify!,
      parse: parse!,
      string: string!,
      slice: slice!,
      marker: marker!,
      markApiError: markApiError!,
      isApiError: isApiError!,
    };
    return null;
  }

  private setupFailure(ctx: QuickJSContext, error: QuickJSHandle): RunError {
    if (this.interrupted) return this.timeoutError();
    const dumped: unknown = ctx.dump(error);
    const message = dumped instanceof Object && 'message' in dumped ? String(dumped.message) : String(dumped);
    if (/out of memory|string too long/.test(message)) return this.memoryError(message, null);
    throw new Error(`The calculation sandbox could not start: ${message}`);
  }

  // ---- the script API, host side ---------------------------------------------------------

  private callHost(
    ctx: QuickJSContext,
    name: ApiFunction,
    args: QuickJSHandle[],
  ): VmCallResult<QuickJSHandle> | QuickJSHandle | undefined {
    // Host calls do not reach QuickJS's interrupt counter: a flood of them must stop here.
    if (!this.interrupted && performance.now() > this.deadline) this.interrupted = true;
    if (this.interrupted) return { error: this.vm!.marker.dup() };
    try {
      // After reject() the script stops: that call and any later one throw the marker.
      const result = this.rejected ? undefined : this.hostCall(ctx, name, args);
      if (this.rejected) return { error: this.vm!.marker.dup() };
      return result;
    } catch (error) {
      if (error instanceof ApiError) return { error: this.newApiError(ctx, error.message) };
      if (error instanceof VmThrow) return { error: error.handle };
      if (isModuleFault(error)) this.fault = error;
      throw error;
    }
  }

  private hostCall(ctx: QuickJSContext, name: ApiFunction, args: QuickJSHandle[]): QuickJSHandle | undefined {
    const [a, b, c] = args;
    switch (name) {
      case 'reject':
        return this.hostReject(ctx, a, b);
      case 'find':
        return this.hostFind(ctx, a, b);
      case 'createTask':
      case 'createEvent':
        return this.hostCreate(ctx, name, a);
      case 'update':
        return this.hostUpdate(ctx, a, b, c);
      case 'notify':
        return this.hostNotify(ctx, a, b);
      case 'log':
        return this.hostLog(ctx, args);
    }
  }

  /**
   * The Error an API function throws into the script, marked inside the VM so it is known as one
   * at the end however many came after it (queued finds go on failing after the first).
   */
  private newApiError(ctx: QuickJSContext, message: string): QuickJSHandle {
    const error = ctx.newError(message);
    const marked = ctx.callFunction(this.vm!.markApiError, ctx.undefined, error);
    // Unmarked (no memory left, the deadline), it still fails the script, only as a script error.
    (marked.error ?? marked.value).dispose();
    return error;
  }

  private isApiError(ctx: QuickJSContext, error: QuickJSHandle): boolean {
    const answer = ctx.callFunction(this.vm!.isApiError, ctx.undefined, error);
    if (answer.error) {
      answer.error.dispose();
      return false;
    }
    return using(answer.value, (h) => ctx.sameValue(h, ctx.true));
  }

  private hostReject(ctx: QuickJSContext, message?: QuickJSHandle, field?: QuickJSHandle): undefined {
    const given = (h?: QuickJSHandle) =>
      h === undefined || ctx.typeof(h) === 'undefined' || ctx.sameValue(h, ctx.null) ? null : h;
    const messageArg = given(message);
    const fieldArg = given(field);
    // Recorded here, so a script catching what reject() throws cannot take it back.
    this.rejected = {
      message: messageArg ? this.text(ctx, messageArg, SANDBOX_LIMITS.rejectMessageMax) : '',
      field: fieldArg ? this.text(ctx, fieldArg, SANDBOX_LIMITS.rejectFieldMax) : null,
    };
    return undefined;
  }

  private hostFind(ctx: QuickJSContext, typeArg?: QuickJSHandle, filterArg?: QuickJSHandle): QuickJSHandle {
    // Reached only when the script broke the prelude's queue (a Promise species of its own).
    if (this.pendingFind) throw new ApiError('find() is already running: await it before calling it again');
    if (++this.findCalls > SANDBOX_LIMITS.findCallsMax) {
      throw new ApiError(`find() may be called at most ${SANDBOX_LIMITS.findCallsMax} times per run`);
    }
    if (typeArg === undefined || ctx.typeof(typeArg) !== 'string') {
      throw new ApiError('find(type, filter): type must be a string');
    }
    const type = this.text(ctx, typeArg, 100);
    const filter =
      filterArg === undefined || ctx.typeof(filterArg) === 'undefined'
        ? {}
        : this.argument(ctx, filterArg, 'find(type, filter)', SANDBOX_LIMITS.filterMaxBytes);
    const deferred = ctx.newPromise();
    this.pendingFind = deferred;
    void this.find(type, filter).then((answer) => this.settle(answer));
    // The script gets the promise (the library frees this handle); the resolvers stay here.
    return deferred.handle;
  }

  private settle(settled: FindAnswer): void {
    if (this.finished) return;
    this.settledFind = settled;
    this.wake?.();
  }

  /** Hands the `find` answer, once it came, to the script's promise. */
  private deliverFind(ctx: QuickJSContext): void {
    const settled = this.settledFind;
    const deferred = this.pendingFind;
    if (settled === null || deferred === null) return;
    this.settledFind = null;
    this.pendingFind = null;
    const doesNotFit = 'the result of find() does not fit';
    try {
      if (settled.kind === 'error') {
        // Thrown where the script awaits it, which gives it the script's line.
        using(this.newApiError(ctx, settled.message), (error) => deferred.reject(error));
        return;
      }
      if (settled.kind === 'too-large') throw new MemoryExceeded(doesNotFit);
      const text = ctx.newString(settled.json);
      const value =
        ctx.typeof(text) === 'string' ? ctx.callFunction(this.vm!.parse, ctx.undefined, text) : null;
      text.dispose();
      if (value === null) throw new MemoryExceeded(doesNotFit);
      if (value.error) {
        value.error.dispose();
        if (this.interrupted) throw new TimedOut();
        throw new MemoryExceeded(doesNotFit);
      }
      using(value.value, (answer) => deferred.resolve(answer));
    } finally {
      deferred.dispose();
    }
  }

  private hostCreate(
    ctx: QuickJSContext,
    kind: 'createTask' | 'createEvent',
    inputArg?: QuickJSHandle,
  ): undefined {
    this.assertEffect(kind);
    const input =
      inputArg === undefined
        ? null
        : this.argument(ctx, inputArg, `${kind}(input)`, SANDBOX_LIMITS.argumentMaxBytes);
    if (!isObject(input)) throw new ApiError(`${kind}(input): input must be an object`);
    this.effects.push({ kind, input });
    return undefined;
  }

  private hostUpdate(
    ctx: QuickJSContext,
    docTypeArg?: QuickJSHandle,
    idArg?: QuickJSHandle,
    fieldsArg?: QuickJSHandle,
  ): undefined {
    this.assertEffect('update');
    const what = 'update(docType, id, fields)';
    const docType =
      docTypeArg !== undefined && ctx.typeof(docTypeArg) === 'string' ? this.text(ctx, docTypeArg, 20) : null;
    if (docType === null || !(CALC_DOC_TYPES as readonly string[]).includes(docType)) {
      throw new ApiError(`${what}: docType must be one of ${CALC_DOC_TYPES.join(', ')}`);
    }
    const id = idArg !== undefined && ctx.typeof(idArg) === 'number' ? ctx.getNumber(idArg) : null;
    if (!isId(id)) throw new ApiError(`${what}: id must be a positive integer`);
    const fields =
      fieldsArg === undefined ? null : this.argument(ctx, fieldsArg, what, SANDBOX_LIMITS.argumentMaxBytes);
    if (!isObject(fields)) throw new ApiError(`${what}: fields must be an object`);
    this.effects.push({ kind: 'update', docType: docType as (typeof CALC_DOC_TYPES)[number], id, fields });
    return undefined;
  }

  private hostNotify(ctx: QuickJSContext, userIdArg?: QuickJSHandle, textArg?: QuickJSHandle): undefined {
    this.assertEffect('notify');
    const userId =
      userIdArg !== undefined && ctx.typeof(userIdArg) === 'number' ? ctx.getNumber(userIdArg) : null;
    if (!isId(userId)) throw new ApiError('notify(userId, text): userId must be a positive integer');
    if (textArg === undefined) throw new ApiError('notify(userId, text): text is missing');
    this.effects.push({
      kind: 'notify',
      userId,
      text: this.text(ctx, textArg, SANDBOX_LIMITS.notifyTextMax),
    });
    return undefined;
  }

  private assertEffect(kind: SandboxEffect['kind']): void {
    if (kind !== 'notify' && this.req.trigger !== 'after_save') {
      throw new ApiError(`${kind}() is available in after-save calculations only`);
    }
    if (this.effects.length >= SANDBOX_LIMITS.maxEffects) {
      throw new ApiError(
        `A calculation may request at most ${SANDBOX_LIMITS.maxEffects} effects (${EFFECTS_WHAT})`,
      );
    }
  }

  private hostLog(ctx: QuickJSContext, args: QuickJSHandle[]): undefined {
    if (this.logs.length >= SANDBOX_LIMITS.logEntries) return undefined;
    const max = SANDBOX_LIMITS.logEntryMax;
    let line = '';
    for (const arg of args) {
      if (line.length > max) break;
      line += (line === '' ? '' : ' ') + this.logText(ctx, arg, max);
    }
    this.logs.push(line.slice(0, max));
    return undefined;
  }

  /** Strings as they are, objects as JSON (errors as "Name: message"), anything else as String(x). */
  private logText(ctx: QuickJSContext, arg: QuickJSHandle, max: number): string {
    const type = ctx.typeof(arg);
    if (type === 'string') return this.text(ctx, arg, max);
    if (type === 'object' || type === 'function') {
      const json = ctx.callFunction(this.vm!.stringify, ctx.undefined, arg);
      this.checkInterrupt(json);
      if (json.error) json.error.dispose();
      else {
        const text = using(json.value, (h) => (ctx.typeof(h) === 'string' ? this.text(ctx, h, max) : null));
        if (text !== null && text !== '{}') return text;
      }
    }
    const string = ctx.callFunction(this.vm!.string, ctx.undefined, arg);
    this.checkInterrupt(string);
    if (string.error) {
      string.error.dispose();
      return '[unprintable]';
    }
    const text = using(string.value, (h) => this.text(ctx, h, max));
    return text === '[object Object]' ? '{}' : text;
  }

  /** A value as a string of at most `max` characters (String(x) for what is not one). */
  private text(ctx: QuickJSContext, value: QuickJSHandle, max: number): string {
    if (ctx.typeof(value) !== 'string') {
      const converted = ctx.callFunction(this.vm!.string, ctx.undefined, value);
      if (converted.error) throw new VmThrow(converted.error);
      return using(converted.value, (string) => this.text(ctx, string, max));
    }
    // Cut inside the VM: the host never copies more than it keeps.
    const start = ctx.newNumber(0);
    const end = ctx.newNumber(max);
    const cut = ctx.callFunction(this.vm!.slice, value, start, end);
    start.dispose();
    end.dispose();
    if (cut.error) throw new VmThrow(cut.error);
    return using(cut.value, (h) => ctx.getString(h));
  }

  /**
   * An argument of find, createTask, createEvent or update as JSON (see json). All of a run's
   * together are bounded too: a script calling in a loop cannot make the host copy without end.
   */
  private argument(ctx: QuickJSContext, value: QuickJSHandle, what: string, max: number): Json {
    const total = SANDBOX_LIMITS.argumentsTotalMaxBytes;
    const refuse = () =>
      new ApiError(
        `The arguments of find, createTask, createEvent and update may total at most ${kb(total)} as JSON per run`,
      );
    // Once over, every later argument is refused before anything of it is copied.
    if (this.copiedBytes > total) throw refuse();
    const json = this.json(ctx, value, what, max);
    if (this.copiedBytes > total) throw refuse();
    return json;
  }

  /** A value as JSON, refused above `max` bytes; `__proto__` keys are dropped. */
  private json(ctx: QuickJSContext, value: QuickJSHandle, what: string, max: number): Json {
    const stringified = ctx.callFunction(this.vm!.stringify, ctx.undefined, value);
    if (stringified.error) throw new VmThrow(stringified.error);
    const text = using(stringified.value, (h) =>
      ctx.typeof(h) === 'string' ? this.text(ctx, h, max + 1) : 'null',
    );
    const bytes = Buffer.byteLength(text);
    // What was copied counts, refused or not.
    this.copiedBytes += bytes;
    if (bytes > max) throw new ApiError(`${what} is larger than ${kb(max)} as JSON`);
    return parseJson(text);
  }

  // ---- limits and outcomes ---------------------------------------------------------------

  private shouldInterrupt(): boolean {
    if (this.rejected || this.fault) return true;
    if (performance.now() > this.deadline) this.interrupted = true;
    return this.interrupted;
  }

  private checkFault(): void {
    if (this.fault) throw this.fault;
  }

  /** A call the interrupt stopped ends the host function too (the exception goes on into the VM). */
  private checkInterrupt(result: { error?: QuickJSHandle }): void {
    if (result.error && this.interrupted) throw new VmThrow(result.error);
  }

  /** `doc` as JSON (functions, symbols and undefined dropped, dates as strings) at the end of the run. */
  private exportDoc(ctx: QuickJSContext): Outcome {
    // A writable, non-configurable data property of our making: reading it runs no script code.
    const docHandle = this.own(ctx.getProp(ctx.global, 'doc'));
    let doc: Json;
    try {
      doc = this.json(ctx, docHandle, '`doc`', SANDBOX_LIMITS.docMaxBytes);
    } catch (error) {
      if (error instanceof VmThrow) return { error: this.classify(ctx, this.own(error.handle)), doc: null };
      if (error instanceof ApiError) {
        return { error: { kind: 'api', message: error.message, line: null }, doc: null };
      }
      throw error;
    }
    if (!isObject(doc)) {
      return { error: { kind: 'api', message: '`doc` must remain an object', line: null }, doc: null };
    }
    return { error: null, doc };
  }

  /** What an uncaught exception was, read inside the VM (it may be any value, even a Proxy). */
  private classify(ctx: QuickJSContext, error: QuickJSHandle): RunError {
    if (this.interrupted) return this.timeoutError();
    const isApi = this.isApiError(ctx, error);
    let message = 'Uncaught exception (the thrown value could not be read)';
    let line: number | null = null;
    const described = this.describe(ctx, error);
    if (this.interrupted) return this.timeoutError();
    if (described) {
      message = described.message;
      line = this.scriptLine(described.stack, described.lineNumber);
    }
    if (MEMORY_ERROR.test(message)) return this.memoryError(message, line);
    if (STACK_ERROR.test(message)) {
      return { kind: 'stack', message: `Stack overflow: too much recursion (${message})`, line };
    }
    if (isApi) return { kind: 'api', message: message.replace(/^Error: /, ''), line };
    return { kind: 'script', message, line };
  }

  private describe(
    ctx: QuickJSContext,
    error: QuickJSHandle,
  ): { message: string; stack: string; lineNumber: number | null } | null {
    const compiled = ctx.evalCode(DESCRIBE, PRELUDE_FILE, { type: 'global' });
    this.checkFault();
    if (compiled.error) {
      compiled.error.dispose();
      return null;
    }
    const describe = this.own(compiled.value);
    const described = ctx.callFunction(describe, ctx.undefined, error);
    this.checkFault();
    if (described.error) {
      described.error.dispose();
      return null;
    }
    // The script may have replaced what DESCRIBE uses: its answer is only a hint.
    let info: { message?: unknown; stack?: unknown; lineNumber?: unknown };
    try {
      const json = using(described.value, (h) =>
        ctx.typeof(h) === 'string' ? this.text(ctx, h, 10_000) : 'null',
      );
      info = (JSON.parse(json) ?? {}) as typeof info;
    } catch (failure) {
      if (failure instanceof VmThrow) failure.handle.dispose();
      else if (!(failure instanceof SyntaxError)) throw failure;
      return null;
    }
    if (typeof info.message !== 'string') return null;
    return {
      message: info.message.slice(0, SANDBOX_LIMITS.errorMessageMax),
      stack: typeof info.stack === 'string' ? info.stack : '',
      lineNumber: typeof info.lineNumber === 'number' ? info.lineNumber : null,
    };
  }

  /** The first frame of the script's own file, as a line of the code the user wrote. */
  private scriptLine(stack: string, lineNumber: number | null): number | null {
    const match = new RegExp(`${SCRIPT_FILE.replace('.', '\\.')}:(\\d+)`).exec(stack);
    const line = match ? Number(match[1]) : lineNumber;
    if (line === null || !Number.isInteger(line) || line < 1) return null;
    return Math.min(line, this.req.code.split('\n').length);
  }

  private timeoutError(): RunError {
    return { kind: 'timeout', message: `Time limit of ${this.req.timeLimitMs} ms exceeded`, line: null };
  }

  private memoryError(detail: string, line: number | null): RunError {
    return {
      kind: 'memory',
      message: `Memory limit of ${this.req.memoryLimitMb} MB exceeded (${detail})`,
      line,
    };
  }

  /** A failure of the machinery rather than of the script. */
  private hostFailure(error: unknown): RunError {
    if (error instanceof MemoryExceeded) return this.memoryError(error.message, null);
    if (error instanceof TimedOut) return this.timeoutError();
    if (isModuleFault(error)) {
      retireModule(this.slot);
      // Node's own stack ran out inside the WebAssembly: a recursion QuickJS does not count.
      if (error instanceof RangeError) {
        return {
          kind: 'stack',
          message: 'Stack overflow: too much recursion (RangeError: Maximum call stack size exceeded)',
          line: null,
        };
      }
    }
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'script', message: `The sandbox failed: ${message}`, line: null };
  }

  private own(handle: QuickJSHandle): QuickJSHandle {
    this.owned.push(handle);
    return handle;
  }

  /** Frees everything of the run; a `find` answering later finds it finished and does nothing. */
  private dispose(): void {
    if (this.slot.broken) return;
    try {
      this.pendingFind?.dispose();
      for (const handle of this.owned) if (handle.alive) handle.dispose();
      this.rt?.removeInterruptHandler();
      this.ctx?.dispose();
      this.rt?.dispose();
    } catch {
      // QuickJS aborted while freeing the runtime, after freeing the rest (see noteLeak).
      noteLeak(this.slot);
    }
  }
}

/** Lifetime.consume frees nothing when its callback throws, and ours may (an interrupt, a toString). */
function using<T>(handle: QuickJSHandle, use: (handle: QuickJSHandle) => T): T {
  try {
    return use(handle);
  } finally {
    handle.dispose();
  }
}

/** A failure of the WebAssembly itself (a trap, an abort, Node's stack overflowing inside it). */
function isModuleFault(error: unknown): boolean {
  // WebAssembly.RuntimeError by name: the server's type libraries do not declare WebAssembly.
  return error instanceof RangeError || (error instanceof Error && error.name === 'RuntimeError');
}

/** JSON from the script, without `__proto__` keys: nothing it sends can reach a host prototype. */
function parseJson(text: string): Json {
  return JSON.parse(text, (key, value: Json) => (key === '__proto__' ? undefined : value)) as Json;
}

function isObject(value: Json | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isId(value: number | null): value is number {
  return value !== null && Number.isSafeInteger(value) && value > 0;
}

function kb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MB` : `${bytes / 1024} KB`;
}
