import type { CallDirection, CallDisposition, CallSource } from '../../../shared/schemas/telephony.js';

/**
 * One finished call as a source reports it (a call-record line, the webhook's finish, the AMI
 * adapter): what `CallsService.store` logs. The employee side and the external side are already
 * told apart; the store applies the internal-call filter, finds the employee by SIP number and
 * the client by the external number, and writes the event.
 */
export interface CallInput {
  source: CallSource;
  /** Asterisk uniqueid, or the webhook's call id; null when the source has none. */
  externalId: string | null;
  linkedId: string | null;
  /** Asterisk's CDR sequence (with linkedid it tells the legs of one call apart). */
  sequence: string | null;
  /** For records without a uniqueid: a hash of the whole line, so a re-read is recognised. */
  rowHash: string | null;
  direction: CallDirection;
  /** The outside party as the PBX gave it (e.g. '0441234567', '+380441234567'). */
  externalNumber: string;
  /** The employee's SIP number or extension ('' when unknown). */
  employeeNumber: string;
  /** The employee when the source names them (the webhook may give a user id). */
  userId: number | null;
  startedAt: string;
  answeredAt: string | null;
  durationSeconds: number;
  billsec: number;
  disposition: CallDisposition;
  /** A full URL, or null; call-record files give a file name the store turns into a URL. */
  recordingUrl: string | null;
  /** The recordingfile column, turned into a URL with the settings' template. */
  recordingFile: string | null;
}

/** A call that has started ringing (webhook register, AMI): no event until it finishes. */
export interface LiveCallInput {
  source: Exclude<CallSource, 'import'>;
  externalId: string;
  linkedId: string | null;
  direction: CallDirection;
  externalNumber: string;
  employeeNumber: string;
  userId: number | null;
  startedAt: string;
}

/** The key a call is stored under once: the PBX's id (per CDR leg), else the line's hash. */
export function dedupeKey(c: Pick<CallInput, 'externalId' | 'sequence' | 'rowHash'>): string {
  if (c.externalId) return c.sequence ? `u:${c.externalId}#${c.sequence}` : `u:${c.externalId}`;
  return `h:${c.rowHash ?? ''}`;
}

/** Digits and letters only: what the internal-call filter counts ('+38 (044) 12' → 38044 12 → 7). */
export function strippedNumber(n: string): string {
  return n.replace(/[^0-9A-Za-z*#]/g, '');
}

/** What a store call did with its inputs. */
export interface StoreResult {
  stored: number;
  duplicates: number;
  internal: number;
  /** Per input, in order: the call's row id, or null when it was not logged (internal). */
  callIds: (number | null)[];
  /** Per input: the event id of the (new or earlier) logged call, or null. */
  eventIds: (number | null)[];
}
