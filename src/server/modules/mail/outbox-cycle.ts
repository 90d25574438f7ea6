import { createHash } from 'node:crypto';
import type { Services } from '../../services.js';
import { AppError } from '../../http/errors.js';
import { errorMessages, format, type ErrorCode } from '../../http/messages.js';
import type { Locale } from '../../../shared/locale.js';
import type { Credentials, ServerEndpoint } from '../admin/mail-connection-test.js';
import type { OutboxRow, SendFailure, SendTransport } from './outbox-send.js';

type SendModule = typeof import('./outbox-send.js');

/** A letter the cycle will not hand to the server, and why. */
export class SendRefusal extends Error {
  constructor(readonly failure: SendFailure) {
    super(failure.message);
  }
}

/**
 * What one outbox cycle shares between its letters: the SMTP endpoint and each sender's mailbox
 * login (read once), a pooled transport per sender (closed at the end of the cycle, so changed
 * settings or passwords apply to the next one) and the senders' languages for the reasons a
 * letter was not sent.
 */
export class SendCycle {
  private endpoint: Promise<ServerEndpoint> | null = null;
  private readonly transports = new Map<string, SendTransport>();
  private readonly locales = new Map<number, Promise<Locale>>();
  private readonly logins = new Map<number, Promise<Credentials | null>>();

  constructor(
    private readonly services: Services,
    private readonly send: SendModule,
  ) {}

  /**
   * The transport to send the letter with. Refused: no SMTP server set (temporary: the
   * administrator may set one) or no mailbox of the sender any more (final).
   */
  async transportFor(row: OutboxRow): Promise<SendTransport> {
    let endpoint: ServerEndpoint;
    try {
      endpoint = await (this.endpoint ??= this.services.mailServers.endpoint('smtp'));
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      throw new SendRefusal({ permanent: false, message: await this.say(row, e.code, e.params) });
    }
    const creds = row.sender_employee_id === null ? null : await this.credentials(row.sender_employee_id);
    if (!creds)
      throw new SendRefusal({ permanent: true, message: await this.say(row, 'mail_sender_no_mailbox') });
    // The password is part of the key (hashed: keys are easier to leak than values) so a new one takes effect.
    const key = `${row.sender_employee_id}\n${creds.email}\n${createHash('sha256').update(creds.password).digest('hex')}`;
    let transport = this.transports.get(key);
    if (!transport) {
      transport = this.send.smtpTransport(endpoint, creds);
      this.transports.set(key, transport);
    }
    return transport;
  }

  /** The employee's mailbox login, read once per cycle; null when they have none (or are gone). */
  private credentials(employeeId: number): Promise<Credentials | null> {
    let creds = this.logins.get(employeeId);
    if (!creds) {
      creds = this.services.employees.mailboxCredentials(employeeId).catch((e: unknown) => {
        if (e instanceof AppError && e.status === 404) return null;
        throw e;
      });
      this.logins.set(employeeId, creds);
    }
    return creds;
  }

  close(): void {
    for (const transport of this.transports.values()) transport.close();
    this.transports.clear();
  }

  /** A message in the sender's language (for last_error, which the sender reads). */
  private async say(row: OutboxRow, code: ErrorCode, params: Record<string, unknown> = {}): Promise<string> {
    let locale: Promise<Locale> = Promise.resolve('ru');
    if (row.sent_by !== null) {
      const userId = row.sent_by;
      locale =
        this.locales.get(userId) ??
        this.services.users.get(userId).then(
          (u) => u.locale,
          () => 'ru' as const,
        );
      this.locales.set(userId, locale);
    }
    return format(errorMessages[code][await locale], params);
  }
}
