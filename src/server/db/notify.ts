import { sql, type Kysely } from 'kysely';
import type pg from 'pg';
import type { DB } from './schema.js';
import type { AfterCommit } from './sqlite.js';

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes and more; SQLite keeps the same limit. */
export const MAX_NOTIFY_BYTES = 7999;
const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;
const MAX_RETRY_MS = 30_000;

export type NotifyHandler = (payload: string) => void;

/**
 * Messages between the processes serving one database (a live update published by one process
 * reaches the browsers connected to every other). Delivery is at most once: a message published
 * while a process's listening connection is down does not reach that process.
 */
export interface Notifier {
  /**
   * Sends `payload` to every subscriber of `channel` in every process, this one included, never
   * during the publisher's own call. Given the saving transaction (`within`), it is delivered
   * only if and when that commits; otherwise at once.
   */
  publish(channel: string, payload: string, within?: Kysely<DB>): Promise<void>;
  /**
   * Calls `handler` with every payload published on `channel` from now on (a handler added twice
   * is called once). Resolves once messages flow; when the listening connection cannot be opened
   * it rejects, and keeps trying in the background.
   */
  subscribe(channel: string, handler: NotifyHandler): Promise<() => void>;
  close(): Promise<void>;
}

function check(channel: string, payload?: string): void {
  if (!CHANNEL.test(channel)) throw new Error(`notify: bad channel name "${channel}"`);
  if (payload !== undefined && Buffer.byteLength(payload) > MAX_NOTIFY_BYTES)
    throw new Error(`notify: the payload on "${channel}" is over ${MAX_NOTIFY_BYTES} bytes`);
}

class Handlers {
  private readonly byChannel = new Map<string, Set<NotifyHandler>>();

  add(channel: string, handler: NotifyHandler): () => void {
    let set = this.byChannel.get(channel);
    if (!set) this.byChannel.set(channel, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  channels(): string[] {
    return [...this.byChannel.keys()];
  }

  deliver(channel: string, payload: string): void {
    for (const handler of this.byChannel.get(channel) ?? []) {
      // One failing subscriber must not keep the message from the others.
      try {
        handler(payload);
      } catch {
        // The subscriber's own failure is its to report.
      }
    }
  }

  clear(): void {
    this.byChannel.clear();
  }
}

/** SQLite: the database file is locked to one process, so the messages stay in it. */
export class LocalNotifier implements Notifier {
  private readonly handlers = new Handlers();

  /** `afterCommit`: the connection's queue of work waiting for its open transaction (db/sqlite.ts). */
  constructor(private readonly afterCommit: AfterCommit) {}

  async publish(channel: string, payload: string, within?: Kysely<DB>): Promise<void> {
    check(channel, payload);
    // Delivered later, as PostgreSQL would: a publisher never runs its subscribers in its own call.
    const deliver = () => void setImmediate(() => this.handlers.deliver(channel, payload));
    if (within?.isTransaction) this.afterCommit(deliver);
    else deliver();
  }

  async subscribe(channel: string, handler: NotifyHandler): Promise<() => void> {
    check(channel);
    return this.handlers.add(channel, handler);
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}

/**
 * PostgreSQL LISTEN/NOTIFY: one dedicated connection per process listens (opened on the first
 * subscription, reopened with backoff when it drops); publishing goes through the pool.
 */
export class PgNotifier implements Notifier {
  private readonly handlers = new Handlers();
  private client: pg.Client | null = null;
  private opening: Promise<void> | null = null;
  private retry: NodeJS.Timeout | null = null;
  private failures = 0;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly db: Kysely<DB>,
  ) {}

  async publish(channel: string, payload: string, within?: Kysely<DB>): Promise<void> {
    check(channel, payload);
    await sql`select pg_notify(${channel}, ${payload})`.execute(within ?? this.db);
  }

  async subscribe(channel: string, handler: NotifyHandler): Promise<() => void> {
    check(channel);
    if (this.closed) throw new Error('notify: closed');
    const isNew = !this.handlers.channels().includes(channel);
    const remove = this.handlers.add(channel, handler);
    await this.open();
    // A connection opened a moment ago may have listed its channels before this one (LISTEN twice is harmless).
    if (isNew) await this.client?.query(`LISTEN "${channel}"`);
    return remove;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    await this.opening?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    this.handlers.clear();
    await client?.end().catch(() => undefined);
  }

  /** Opens the listening connection unless it is open: LISTENs to every channel with handlers. */
  private open(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.opening ??= this.connect().then(
      () => {
        this.opening = null;
        this.failures = 0;
      },
      (e: unknown) => {
        this.opening = null;
        this.scheduleRetry();
        throw e;
      },
    );
    return this.opening;
  }

  private async connect(): Promise<void> {
    const { default: pgModule } = await import('pg');
    const client = new pgModule.Client({ connectionString: this.url });
    client.on('notification', (n) => this.handlers.deliver(n.channel, n.payload ?? ''));
    // A dropped connection emits 'error' (killed by the server) and/or 'end'.
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      for (const channel of this.handlers.channels()) await client.query(`LISTEN "${channel}"`);
    } catch (e) {
      await client.end().catch(() => undefined);
      throw e;
    }
    if (this.closed) {
      await client.end();
      return;
    }
    this.client = client;
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.closed || this.retry) return;
    const delay = Math.min(MAX_RETRY_MS, 250 * 2 ** this.failures++);
    this.retry = setTimeout(() => {
      this.retry = null;
      this.open().catch(() => undefined);
    }, delay);
    // The retry must not keep a CLI command's process alive.
    this.retry.unref();
  }
}
