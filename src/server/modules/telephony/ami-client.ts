import net from 'node:net';
import { StringDecoder } from 'node:string_decoder';

/**
 * A client of the Asterisk Manager Interface line protocol: after the banner line
 * (`Asterisk Call Manager/x.y.z`) both sides exchange packets of `Key: Value` lines ended by a
 * blank line. Every action carries an ActionID and its `Response:` packet echoes it; `Event:`
 * packets arrive unasked. One client keeps one logged-in connection up, reconnecting with
 * backoff until it is closed.
 */

/** One packet: its lines in order (a key may repeat); names are read case-insensitively. */
export class AmiMessage {
  constructor(readonly fields: readonly (readonly [string, string])[]) {}

  get(name: string): string | undefined {
    const key = name.toLowerCase();
    return this.fields.find(([k]) => k.toLowerCase() === key)?.[1];
  }
}

export type AmiFailure = 'auth' | 'refused' | 'timeout' | 'closed' | 'network';

export class AmiError extends Error {
  constructor(
    readonly kind: AmiFailure,
    message: string,
  ) {
    super(message);
  }
}

export type AmiClientState = 'connecting' | 'connected' | 'error' | 'closed';

export interface AmiClientOptions {
  host: string;
  port: number;
  user: string;
  secret: string;
  /** TCP connect, banner and login. */
  connectTimeoutMs?: number;
  actionTimeoutMs?: number;
  /** How often an idle connection is checked with Ping. */
  pingIntervalMs?: number;
  /** The first reconnect delay; it doubles up to `maxRetryMs`. */
  firstRetryMs?: number;
  maxRetryMs?: number;
  onEvent?: (event: AmiMessage) => void;
}

export type AmiFields = Record<string, string | number | boolean>;

/** Splits the byte stream into the banner line and packets. */
export class AmiFramer {
  private readonly decoder = new StringDecoder('utf8');
  private buffer = '';
  banner: string | null = null;

  push(chunk: Buffer): AmiMessage[] {
    this.buffer += this.decoder.write(chunk);
    if (this.banner === null) {
      const end = this.buffer.indexOf('\n');
      if (end < 0) return [];
      this.banner = this.buffer.slice(0, end).trim();
      this.buffer = this.buffer.slice(end + 1);
    }
    const out: AmiMessage[] = [];
    for (;;) {
      const m = /\r?\n\r?\n/.exec(this.buffer);
      if (!m) break;
      const text = this.buffer.slice(0, m.index);
      this.buffer = this.buffer.slice(m.index + m[0].length);
      const fields = text
        .split(/\r?\n/)
        .filter((line) => line !== '')
        .map((line): [string, string] => {
          const colon = line.indexOf(':');
          return colon < 0 ? [line, ''] : [line.slice(0, colon), line.slice(colon + 1).trim()];
        });
      if (fields.length) out.push(new AmiMessage(fields));
    }
    return out;
  }
}

/** Writes one packet; a value with a line break would start a packet of its own, so it is refused. */
export function amiPacket(fields: AmiFields): string {
  let out = '';
  for (const [key, raw] of Object.entries(fields)) {
    const value = String(raw);
    if (/[\r\n]/.test(key) || /[\r\n]/.test(value)) throw new Error(`AMI: a line break in ${key}`);
    out += `${key}: ${value}\r\n`;
  }
  return `${out}\r\n`;
}

interface Pending {
  resolve: (m: AmiMessage) => void;
  reject: (e: AmiError) => void;
  timer: NodeJS.Timeout;
}

/** One TCP connection: banner, packets, pending actions. */
class Session {
  private readonly framer = new AmiFramer();
  private readonly pending = new Map<string, Pending>();
  private bannerSeen: (() => void) | null = null;
  private ended = false;

  constructor(
    readonly socket: net.Socket,
    private readonly onEvent: (e: AmiMessage) => void,
    private readonly onEnd: (session: Session, reason: string) => void,
  ) {
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30_000);
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    socket.on('error', (e) => this.end(e.message));
    socket.on('close', () => this.end('connection closed'));
  }

  /** Resolves when the peer has sent its banner line. */
  banner(): Promise<void> {
    if (this.framer.banner !== null) return Promise.resolve();
    return new Promise((resolve) => (this.bannerSeen = resolve));
  }

  send(id: string, fields: AmiFields, timeoutMs: number): Promise<AmiMessage> {
    if (this.ended) return Promise.reject(new AmiError('closed', 'connection closed'));
    const packet = amiPacket({ ...fields, ActionID: id });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new AmiError('timeout', `no answer to ${String(fields.Action)} in ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.socket.write(packet);
    });
  }

  end(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.socket.destroy();
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new AmiError('closed', reason));
    }
    this.pending.clear();
    this.onEnd(this, reason);
  }

  private read(chunk: Buffer): void {
    const messages = this.framer.push(chunk);
    if (this.framer.banner !== null && this.bannerSeen) {
      this.bannerSeen();
      this.bannerSeen = null;
    }
    for (const m of messages) {
      // OriginateResponse is an event with an ActionID and a Response: events first.
      if (m.get('Event') !== undefined) {
        this.onEvent(m);
        continue;
      }
      const id = m.get('ActionID');
      const p = id === undefined ? undefined : this.pending.get(id);
      if (!p || id === undefined) continue;
      this.pending.delete(id);
      clearTimeout(p.timer);
      if (m.get('Response')?.toLowerCase() === 'error')
        p.reject(new AmiError('refused', m.get('Message') ?? 'Error'));
      else p.resolve(m);
    }
  }
}

let clientCounter = 0;

export class AmiClient {
  private session: Session | null = null;
  private current: AmiClientState = 'connecting';
  private lastError: string | null = null;
  private retry: NodeJS.Timeout | null = null;
  private pinger: NodeJS.Timeout | null = null;
  private failures = 0;
  private nextId = 0;
  private readonly idPrefix = `kartoteka-${process.pid}-${++clientCounter}`;
  private readonly connectTimeoutMs: number;
  private readonly actionTimeoutMs: number;
  private readonly pingIntervalMs: number;
  private readonly firstRetryMs: number;
  private readonly maxRetryMs: number;

  constructor(private readonly opts: AmiClientOptions) {
    this.connectTimeoutMs = opts.connectTimeoutMs ?? 5_000;
    this.actionTimeoutMs = opts.actionTimeoutMs ?? 10_000;
    this.pingIntervalMs = opts.pingIntervalMs ?? 60_000;
    this.firstRetryMs = opts.firstRetryMs ?? 1_000;
    this.maxRetryMs = opts.maxRetryMs ?? 30_000;
  }

  /**
   * connecting: before the first login; connected; error: the last attempt failed or the
   * connection dropped (`error` says why) and a retry is due; closed.
   */
  get state(): AmiClientState {
    return this.current;
  }

  get error(): string | null {
    return this.lastError;
  }

  /** Connects and logs in, and keeps doing so whenever the connection is lost. */
  start(): void {
    void this.attempt();
  }

  /**
   * Sends an action and resolves with its response; rejects with AmiError: `refused` when
   * Asterisk answers Error (its Message), `closed`/`timeout` when no answer comes.
   */
  action(name: string, fields: AmiFields = {}, timeoutMs = this.actionTimeoutMs): Promise<AmiMessage> {
    if (this.current !== 'connected' || !this.session)
      return Promise.reject(new AmiError('closed', this.lastError ?? 'not connected'));
    return this.session.send(this.actionId(), { Action: name, ...fields }, timeoutMs);
  }

  /** Logs off and closes; no reconnects after it. */
  async close(): Promise<void> {
    const was = this.current;
    this.current = 'closed';
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    this.stopPinging();
    const session = this.session;
    if (!session) return;
    if (was === 'connected') {
      await session.send(this.actionId(), { Action: 'Logoff' }, 1_000).catch(() => undefined);
    }
    session.end('closed');
  }

  private actionId(): string {
    return `${this.idPrefix}-${++this.nextId}`;
  }

  private get closed(): boolean {
    return this.current === 'closed';
  }

  private async attempt(): Promise<void> {
    if (this.closed) return;
    let session: Session | null = null;
    try {
      session = await this.open();
      await session.send(
        this.actionId(),
        { Action: 'Login', Username: this.opts.user, Secret: this.opts.secret, Events: 'on' },
        this.connectTimeoutMs,
      );
    } catch (e) {
      session?.end('login failed');
      const err = e as AmiError | Error;
      const message =
        err instanceof AmiError && err.kind === 'refused' ? `login refused: ${err.message}` : err.message;
      this.failed(message);
      return;
    }
    if (this.closed) {
      session.end('closed');
      return;
    }
    this.failures = 0;
    this.lastError = null;
    this.current = 'connected';
    this.keepAlive(session);
  }

  /**
   * A PBX that vanished without closing the connection (a power cut) would look connected for
   * many minutes of TCP keepalive: an unanswered Ping drops it and reconnecting starts.
   */
  private keepAlive(session: Session): void {
    this.stopPinging();
    this.pinger = setInterval(() => {
      session.send(this.actionId(), { Action: 'Ping' }, this.actionTimeoutMs).catch((e: AmiError) => {
        if (e.kind === 'timeout') session.end('no answer to Ping');
      });
    }, this.pingIntervalMs);
    this.pinger.unref();
  }

  private stopPinging(): void {
    if (this.pinger) clearInterval(this.pinger);
    this.pinger = null;
  }

  private open(): Promise<Session> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: this.opts.host, port: this.opts.port });
      const timer = setTimeout(() => {
        reject(new AmiError('timeout', `no banner from ${this.opts.host}:${this.opts.port}`));
        session.end('timeout');
      }, this.connectTimeoutMs);
      const session: Session = new Session(
        socket,
        (e) => this.opts.onEvent?.(e),
        (s, reason) => {
          clearTimeout(timer);
          reject(new AmiError('network', reason));
          this.ended(s, reason);
        },
      );
      this.session = session;
      void session.banner().then(() => {
        clearTimeout(timer);
        resolve(session);
      });
    });
  }

  private ended(session: Session, reason: string): void {
    if (this.session !== session) return;
    this.session = null;
    this.stopPinging();
    if (this.current === 'connected') this.failed(reason);
  }

  private failed(message: string): void {
    if (this.closed) return;
    this.current = 'error';
    this.lastError = message;
    if (this.retry) return;
    const delay = Math.min(this.maxRetryMs, this.firstRetryMs * 2 ** this.failures++);
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.attempt();
    }, delay);
    this.retry.unref();
  }
}
