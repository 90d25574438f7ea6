import { createHash } from 'node:crypto';
import type { CallDisposition } from '../../../shared/schemas/telephony.js';
import { strippedNumber, type CallInput } from './call-input.js';
import type { CdrColumns } from './cdr-formats.js';
import type { LocalToUtc } from './cdr-time.js';

/** What a line needs to be told apart: the users' SIP numbers, N and the PBX's time zone. */
export interface ClassifyContext {
  sipNumbers: ReadonlySet<string>;
  /** «Не протоколировать звонки с номером меньше N символов»: shorter numbers are extensions. */
  minNumberLength: number;
  toUtc: LocalToUtc;
}

/** Why a line is skipped; `code` is a telephony message key, `params` fill its text. */
export interface LineProblem {
  code: 'cdr_bad_date' | 'cdr_bad_number';
  params: Record<string, string>;
}

const DISPOSITIONS: Record<string, CallDisposition> = {
  ANSWERED: 'answered',
  'NO ANSWER': 'no_answer',
  BUSY: 'busy',
  FAILED: 'failed',
  CONGESTION: 'congestion',
};

const DIGITS = /^\d+$/;
/** `SIP/201-0000abcd`, `PJSIP/201-00000012`, `IAX2/201-1234` → 201. */
const CHANNEL_PEER = /^[A-Za-z0-9_]+\/([^-/@]+)/;

/**
 * A parsed call-record line → the call it records, or why it cannot be read. Tells the
 * employee side from the external one (see `sides`); the store drops internal calls.
 */
export function classifyCdr(
  fields: readonly string[],
  c: CdrColumns,
  rawLine: string,
  ctx: ClassifyContext,
): CallInput | LineProblem {
  const get = (i: number) => (i >= 0 ? fields[i]!.trim() : '');
  const startColumn = c.start >= 0 ? 'start' : 'calldate';
  const startText = get(c.start >= 0 ? c.start : c.calldate);
  const startedAt = ctx.toUtc(startText);
  if (startedAt === null) return { code: 'cdr_bad_date', params: { column: startColumn, value: startText } };
  const answerText = get(c.answer);
  const answerAt = answerText ? ctx.toUtc(answerText) : null;
  if (answerText && answerAt === null)
    return { code: 'cdr_bad_date', params: { column: 'answer', value: answerText } };
  const duration = count(get(c.duration), c.duration);
  if (duration === null)
    return { code: 'cdr_bad_number', params: { column: 'duration', value: get(c.duration) } };
  const billsec = count(get(c.billsec), c.billsec);
  if (billsec === null)
    return { code: 'cdr_bad_number', params: { column: 'billsec', value: get(c.billsec) } };

  const disposition = DISPOSITIONS[get(c.disposition).toUpperCase()] ?? 'failed';
  let answeredAt: string | null = null;
  if (disposition === 'answered') {
    // FreePBX has no answer column: the call was answered after ringing for duration − billsec.
    answeredAt =
      c.answer >= 0
        ? answerAt
        : new Date(Date.parse(startedAt) + Math.max(0, duration - billsec) * 1000).toISOString();
  }
  const uniqueid = get(c.uniqueid);
  const caller = get(c.cnum) || get(c.src);
  const side = sides(caller, get(c.dst), get(c.channel), get(c.dstchannel), ctx);
  return {
    source: 'import',
    externalId: uniqueid || null,
    linkedId: get(c.linkedid) || null,
    sequence: get(c.sequence) || null,
    rowHash: uniqueid ? null : createHash('sha1').update(rawLine).digest('hex'),
    direction: side.direction,
    externalNumber: side.external,
    employeeNumber: side.employee,
    userId: null,
    startedAt,
    answeredAt,
    durationSeconds: duration,
    billsec,
    disposition,
    recordingUrl: null,
    recordingFile: get(c.recordingfile) || null,
  };
}

export const isLineProblem = (r: CallInput | LineProblem): r is LineProblem => 'code' in r;

/** Seconds from a column: a missing column is 0, anything but digits is an error. */
function count(text: string, column: number): number | null {
  if (column < 0) return 0;
  return DIGITS.test(text) ? Number(text) : null;
}

/**
 * Which side of the call is the employee: the side whose number is a user's SIP number; else
 * the channel's peer (`SIP/201-…`) that is a user's SIP number — the calling channel's means
 * outgoing, the called one's incoming (a ring group, queue or inbound route dials `600` or `s`,
 * and only the channel tells who answered); else the side whose number is shorter than N (an
 * extension). Both short: an internal call, kept as outgoing to the short number so the store's
 * filter drops and counts it. Else incoming to dst.
 */
function sides(
  src: string,
  dst: string,
  channel: string,
  dstChannel: string,
  ctx: ClassifyContext,
): { direction: 'in' | 'out'; external: string; employee: string } {
  const isSip = (n: string) => n !== '' && (ctx.sipNumbers.has(n) || ctx.sipNumbers.has(strippedNumber(n)));
  if (isSip(src)) return { direction: 'out', external: dst, employee: src };
  if (isSip(dst)) return { direction: 'in', external: src, employee: dst };
  const callerPeer = CHANNEL_PEER.exec(channel)?.[1];
  if (callerPeer && ctx.sipNumbers.has(callerPeer))
    return { direction: 'out', external: dst, employee: callerPeer };
  const calledPeer = CHANNEL_PEER.exec(dstChannel)?.[1];
  if (calledPeer && ctx.sipNumbers.has(calledPeer))
    return { direction: 'in', external: src, employee: calledPeer };
  // An empty number (an anonymous caller) is no extension: it is the outside party's.
  const isShort = (n: string) => n !== '' && strippedNumber(n).length < ctx.minNumberLength;
  if (isShort(src)) return { direction: 'out', external: dst, employee: src };
  if (isShort(dst)) return { direction: 'in', external: src, employee: dst };
  return { direction: 'in', external: src, employee: dst };
}
