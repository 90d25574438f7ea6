import { SANDBOX_LIMITS } from './sandbox-limits.js';

/** The file name QuickJS reports for the user's code: stack lines `calculation.js:LINE` are the script's. */
export const SCRIPT_FILE = 'calculation.js';
export const PRELUDE_FILE = 'sandbox.js';

/**
 * Wraps the user's code in an async function on the same first line, so `await` and `return` work
 * at the top and QuickJS's line numbers are the script's own.
 */
export function wrapScript(code: string): string {
  return `(async () => {'use strict'; ${code}\n})()`;
}

/**
 * Compiled in every fresh context before the script, so kept small (QuickJS compiles some 70 µs
 * per KB in WebAssembly). Called with the global object, the input as JSON and the host's API
 * functions: it installs `doc` (writable), the frozen `prev` and `user`, `action`, `trigger` and
 * the API as read-only globals, and hands back the intrinsics the host calls later, taken before
 * the script could replace them, and a way to mark the Errors the API throws and to know them
 * again (a WeakSet the script can neither reach nor add to). The host functions check every argument
 * themselves.
 *
 * `find` calls the host's one at a time: a call made while another is pending waits here, in the
 * VM (its arguments count against the VM's memory, not the host's), and reaches the host once the
 * previous one settled. The host refuses a second call in flight all the same, should the script
 * break this queue.
 */
export const INSTALL = compact(`(function (g, input, api) {
  'use strict';
  const O = Object, J = JSON, d = J.parse(input), apply = Reflect.apply, then = Promise.prototype.then;
  const apiErrors = new WeakSet(), add = WeakSet.prototype.add, has = WeakSet.prototype.has;
  const fz = (v) => {
    if (v !== null && typeof v === 'object') {
      for (const k of O.keys(v)) fz(v[k]);
      O.freeze(v);
    }
    return v;
  };
  const def = (k, value, writable) => O.defineProperty(g, k, { value, writable, enumerable: false, configurable: false });
  def('doc', d.doc, true);
  def('prev', fz(d.prev));
  def('user', fz(d.user));
  def('action', d.action);
  def('trigger', d.trigger);
  const hostFind = api.find;
  let tail = null;
  const find = (type, filter) => {
    const call = () => hostFind(type, filter);
    const p = tail === null ? call() : apply(then, tail, [call]);
    const done = () => {
      if (tail === t) tail = null;
    };
    const t = apply(then, p, [done, done]);
    tail = t;
    return p;
  };
  for (const k of O.keys(api)) def(k, k === 'find' ? find : api[k]);
  const log = api.log;
  def('console', O.freeze({ log, info: log, warn: log, error: log, debug: log }));
  const markApiError = (e) => void apply(add, apiErrors, [e]);
  const isApiError = (e) => apply(has, apiErrors, [e]);
  return [J.stringify, J.parse, String, String.prototype.slice, O.freeze(new Error('The calculation rejected the save')), markApiError, isApiError];
})`);

/**
 * Compiled only when a run ends with an uncaught exception, which may be any value (even a Proxy
 * or an object with throwing getters): it reads it inside the VM, under the run's limits. What it
 * answers is checked again by the host.
 */
export const DESCRIBE = compact(`(function (e) {
  'use strict';
  const max = ${SANDBOX_LIMITS.errorMessageMax};
  try {
    if (e !== null && typeof e === 'object' && e instanceof Error) {
      const s = e.stack, n = e.lineNumber;
      return JSON.stringify({
        message: String(e).slice(0, max),
        stack: typeof s === 'string' ? s.slice(0, 4000) : '',
        lineNumber: typeof n === 'number' ? n : null,
      });
    }
    let t;
    try {
      if (e !== null && typeof e === 'object') t = JSON.stringify(e);
    } catch (_) {}
    return JSON.stringify({ message: ('Uncaught ' + (t === undefined ? String(e) : t)).slice(0, max), stack: '', lineNumber: null });
  } catch (_) {
    return null;
  }
})`);

/** Leading indentation costs QuickJS compile time too. */
function compact(code: string): string {
  return code.replace(/\n\s*/g, '\n');
}
