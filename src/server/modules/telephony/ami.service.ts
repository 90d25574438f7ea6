import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import type { BackgroundJob } from '../../jobs.js';
import { AppError, fieldProblem } from '../../http/errors.js';
import type { CallDisposition } from '../../../shared/schemas/telephony.js';
import type { AmiConnectionSettings } from './telephony-settings.service.js';
import { AmiClient, AmiError, type AmiFields, type AmiMessage } from './ami-client.js';

export type AmiState = 'off' | 'connecting' | 'connected' | 'error';

/** Settings changed in one process reach the AMI adapters of the others through this channel. */
const SETTINGS_CHANNEL = 'kartoteka_ami_settings';
/** How long the user's own phone rings before Asterisk gives up the click-to-call. */
const ORIGINATE_RING_MS = 30_000;
/** A leg whose Hangup never came (the connection dropped) is forgotten after a day. */
const LEG_TTL_MS = 24 * 3600_000;

/** One ringing leg to an employee's phone, from DialBegin to Hangup. */
interface Leg {
  destUniqueid: string;
  linkedId: string | null;
  externalNumber: string;
  employeeNumber: string;
  /** Null: the SIP number's user is deactivated (no pop; the call is logged without a user). */
  userId: number | null;
  startedAt: number;
  answeredAt: number | null;
  dialStatus: string | null;
}

/** Asterisk's DialStatus of DialEnd as a call disposition. */
function dispositionOf(dialStatus: string | null): CallDisposition {
  switch (dialStatus) {
    case 'ANSWER':
      return 'answered';
    case 'BUSY':
      return 'busy';
    case 'NOANSWER':
    case 'CANCEL':
      return 'no_answer';
    case 'CONGESTION':
      return 'congestion';
    default:
      return 'failed';
  }
}

/** The peer (extension) of a channel name: PJSIP/101-0000002a, SIP/101-00000001, Local/101@ctx-00;1. */
export function peerOf(channel: string | undefined): string | null {
  if (!channel) return null;
  const slash = channel.indexOf('/');
  if (slash < 0) return null;
  const name = channel
    .slice(slash + 1)
    .replace(/;\d+$/, '')
    .replace(/-[0-9a-f]+$/i, '');
  return name.split('@')[0] || null;
}

/** What Originate dials: digits with an optional leading +, the formatting dropped. */
function dialable(number: string): string {
  const exten = number.replace(/[\s().-]/g, '');
  if (!/^\+?[0-9]{2,32}$/.test(exten)) throw fieldProblem('number', 'telephony_number_invalid');
  return exten;
}

/** The moment of an event: Asterisk's `Timestamp` (timestampevents = yes), else when it arrived. */
function eventTime(e: AmiMessage): number {
  const ts = Number(e.get('Timestamp'));
  return Number.isFinite(ts) && ts > 0 ? Math.round(ts * 1000) : Date.now();
}

const isNumber = (n: string | undefined): n is string => !!n && n !== '<unknown>' && /\d/.test(n);

/**
 * The Asterisk Manager Interface adapter (optional, Настройка → Параметры → Телефония): one
 * connection per process while enabled; click-to-call (Originate), queue pause by user status
 * (QueuePause) and call events that drive the screen pop without the webhook.
 *
 * Every process with the job connected sees every call event: registering and logging a call are
 * idempotent by its id, so the employee is popped and the call logged once.
 */
export class AmiService implements BackgroundJob {
  private log: FastifyBaseLogger | null = null;
  private running = false;
  private client: AmiClient | null = null;
  /** The settings the client was made with (JSON), to reconnect only when they change. */
  private appliedKey: string | null = null;
  private applying: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | null = null;
  /** Call events one at a time, in order: a Hangup must find the leg its DialBegin stored. */
  private events: Promise<void> = Promise.resolve();
  private readonly legs = new Map<string, Leg>();
  /** Tells this process's settings notices from the others'. */
  private readonly processId = randomUUID();

  constructor(
    private readonly ctx: AppContext,
    private readonly services: Services,
  ) {}

  useLogger(log: FastifyBaseLogger): void {
    this.log = log;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.ctx.database.notifier.subscribe(SETTINGS_CHANNEL, this.changedElsewhere).then(
      (unsubscribe) => {
        if (this.running) this.unsubscribe = unsubscribe;
        else unsubscribe();
      },
      (err: unknown) => this.log?.warn({ err }, 'AMI: settings changes of other processes will not be seen'),
    );
    this.apply();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = null;
    await this.applying;
    await this.disconnect();
    await this.events;
  }

  /** This process's connection state, for the settings page. */
  status(): { state: AmiState; error: string | null } {
    const client = this.client;
    if (!client || client.state === 'closed') return { state: 'off', error: null };
    return { state: client.state, error: client.error };
  }

  /** The settings changed: reconnect with them (or disconnect), here and in the other processes. */
  reconfigure(): void {
    this.apply();
    this.ctx.database.notifier
      .publish(SETTINGS_CHANNEL, this.processId)
      .catch((err: unknown) =>
        this.log?.warn({ err }, 'AMI: other processes were not told of the new settings'),
      );
  }

  /** Click-to-call: Originate from the user's SIP extension to `number`. */
  async originate(userId: number, number: string): Promise<{ channel: string; number: string }> {
    const exten = dialable(number);
    const { sipNumber } = await this.services.userParameters.telephonyOf(userId);
    if (!sipNumber) throw new AppError(400, 'telephony_no_sip');
    const settings = await this.services.telephonySettings.amiConnection();
    if (!settings.isEnabled) throw new AppError(409, 'telephony_ami_off');
    const channel = settings.channelTemplate.replaceAll('{sip}', sipNumber);
    await this.send('Originate', {
      Channel: channel,
      Context: settings.context,
      Exten: exten,
      Priority: 1,
      // The user's phone shows whom it is about to call; the outside party sees the extension's number.
      CallerID: `"${exten}" <${sipNumber}>`,
      Timeout: ORIGINATE_RING_MS,
      Async: 'true',
    });
    return { channel, number: exten };
  }

  /**
   * A user's status changed: QueuePause per the status's flag when they use statuses for
   * telephony. Never fails the status change: a PBX failure is logged.
   */
  async userStatusChanged(userId: number, statusId: number): Promise<void> {
    try {
      await this.queuePause(userId, statusId);
    } catch (err) {
      this.log?.warn({ err, userId, statusId }, 'AMI: QueuePause failed');
    }
  }

  private async queuePause(userId: number, statusId: number): Promise<void> {
    const user = await this.services.userParameters.telephonyOf(userId);
    if (!user.isTelephonyStatuses || !user.sipNumber) return;
    const settings = await this.services.telephonySettings.amiConnection();
    if (!settings.isEnabled) return;
    const status = await this.services.referenceBooks.userStatuses.get(statusId);
    await this.send('QueuePause', {
      Interface: settings.queueInterfaceTemplate.replaceAll('{sip}', user.sipNumber),
      Paused: status.isQueuePaused ? 'true' : 'false',
      ...(settings.queue && { Queue: settings.queue }),
      Reason: status.nameRu.replace(/[\r\n]+/g, ' '),
    });
  }

  /** An action on the connection; Asterisk's refusal and a missing connection become API errors. */
  private async send(action: string, fields: AmiFields): Promise<AmiMessage> {
    const client = this.client;
    if (!client || client.state !== 'connected')
      throw new AppError(503, 'telephony_ami_unreachable', { reason: client?.error ?? 'not connected' });
    try {
      return await client.action(action, fields);
    } catch (e) {
      if (e instanceof AmiError && e.kind === 'refused')
        throw new AppError(502, 'telephony_ami_failed', { reason: e.message });
      throw new AppError(503, 'telephony_ami_unreachable', { reason: (e as Error).message });
    }
  }

  /* ------------------------------------------------------------- connection */

  /** Another process saved the settings (this process's own change is applied already). */
  private readonly changedElsewhere = (sender: string): void => {
    if (sender !== this.processId) this.apply();
  };

  private apply(): void {
    this.applying = this.applying
      .then(() => this.applyNow())
      .catch((err: unknown) => this.log?.error({ err }, 'AMI: the settings could not be applied'));
  }

  private async applyNow(): Promise<void> {
    if (!this.running) return;
    const settings = await this.services.telephonySettings.amiConnection();
    const wanted = settings.isEnabled && settings.host !== '' && settings.user !== '';
    const key = wanted
      ? JSON.stringify([settings.host, settings.port, settings.user, settings.secret])
      : null;
    // The same settings again (or this process's own change echoed back): only a failed link retries now.
    if (key === this.appliedKey && (key === null || this.client?.state !== 'error')) return;
    await this.disconnect();
    this.appliedKey = key;
    if (wanted) this.connect(settings);
  }

  private connect(settings: AmiConnectionSettings): void {
    const client = new AmiClient({
      host: settings.host,
      port: settings.port,
      user: settings.user,
      secret: settings.secret,
      onEvent: (e) => this.onEvent(e),
    });
    this.client = client;
    client.start();
  }

  private async disconnect(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.appliedKey = null;
    await client?.close();
  }

  /* ------------------------------------------------------------ call events */

  private onEvent(e: AmiMessage): void {
    const name = e.get('Event');
    if (name !== 'DialBegin' && name !== 'DialEnd' && name !== 'Hangup') return;
    this.events = this.events
      .then(() => this.handle(name, e))
      .catch((err: unknown) => this.log?.error({ err, event: name }, 'AMI: a call event failed'));
  }

  private async handle(name: 'DialBegin' | 'DialEnd' | 'Hangup', e: AmiMessage): Promise<void> {
    if (name === 'DialBegin') return this.dialBegin(e);
    if (name === 'DialEnd') {
      const leg = this.legs.get(e.get('DestUniqueid') ?? '');
      if (!leg) return;
      leg.dialStatus = e.get('DialStatus') ?? null;
      if (leg.dialStatus === 'ANSWER') leg.answeredAt = eventTime(e);
      return;
    }
    const uniqueid = e.get('Uniqueid') ?? '';
    const leg = this.legs.get(uniqueid);
    if (!leg) return;
    this.legs.delete(uniqueid);
    await this.hangup(leg, eventTime(e));
  }

  /**
   * An outside caller's call starts ringing an employee's phone. Each ringing phone is a leg of
   * its own (keyed by the phone channel's Uniqueid): a queue or ring group pops every phone it
   * rings, and the conversation's Linkedid ties the legs to the call records.
   */
  private async dialBegin(e: AmiMessage): Promise<void> {
    const destUniqueid = e.get('DestUniqueid');
    const caller = e.get('CallerIDNum');
    if (!destUniqueid || !isNumber(caller)) return;
    const directory = await this.services.userParameters.sipDirectory();
    if (directory.has(caller)) return;
    const employeeNumber = [e.get('DestCallerIDNum'), peerOf(e.get('DestChannel')) ?? undefined].find(
      (n): n is string => !!n && directory.has(n),
    );
    if (!employeeNumber) return;
    const employee = directory.get(employeeNumber)!;
    const userId = employee.isActive ? employee.userId : null;
    const startedAt = eventTime(e);
    this.forgetStaleLegs(startedAt);
    const linkedId = e.get('Linkedid') ?? null;
    const { call, created } = await this.services.calls.register({
      source: 'ami',
      externalId: destUniqueid,
      linkedId,
      direction: 'in',
      externalNumber: caller,
      employeeNumber,
      userId,
      startedAt: new Date(startedAt).toISOString(),
    });
    if (!call) return;
    this.legs.set(destUniqueid, {
      destUniqueid,
      linkedId,
      externalNumber: caller,
      employeeNumber,
      userId,
      startedAt,
      answeredAt: null,
      dialStatus: null,
    });
    await this.services.pbx.announceRinging(call, created);
  }

  private async hangup(leg: Leg, endedAt: number): Promise<void> {
    const seconds = (from: number) => Math.max(0, Math.round((endedAt - from) / 1000));
    const result = await this.services.calls.store([
      {
        source: 'ami',
        externalId: leg.destUniqueid,
        linkedId: leg.linkedId,
        sequence: null,
        rowHash: null,
        direction: 'in',
        externalNumber: leg.externalNumber,
        employeeNumber: leg.employeeNumber,
        userId: leg.userId,
        startedAt: new Date(leg.startedAt).toISOString(),
        answeredAt: leg.answeredAt === null ? null : new Date(leg.answeredAt).toISOString(),
        durationSeconds: seconds(leg.startedAt),
        billsec: leg.answeredAt === null ? 0 : seconds(leg.answeredAt),
        disposition: dispositionOf(leg.dialStatus),
        recordingUrl: null,
        recordingFile: null,
      },
    ]);
    const callId = result.callIds[0] ?? null;
    // Another process connected to the same Asterisk may have logged it first.
    if (callId !== null && result.stored > 0 && leg.userId !== null)
      await this.services.pbx.announceFinished(leg.userId, callId, result.eventIds[0] ?? null);
  }

  private forgetStaleLegs(now: number): void {
    for (const [id, leg] of this.legs) if (now - leg.startedAt > LEG_TTL_MS) this.legs.delete(id);
  }
}
