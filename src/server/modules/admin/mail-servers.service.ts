import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import { AppError } from '../../http/errors.js';
import type {
  MailServers,
  TestMailServerResult,
  UpdateMailServers,
} from '../../../shared/schemas/mail-servers.js';
import type { ServerEndpoint } from './mail-connection-test.js';

type Security = 'none' | 'starttls' | 'tls';
const DEFAULT_PORTS = {
  smtp: { none: 25, starttls: 587, tls: 465 },
  imap: { none: 143, starttls: 143, tls: 993 },
} as const;

/** The enterprise's SMTP and IMAP servers (Администратор → Предприятия → Рассылка). */
export class MailServersService {
  private readonly db: Kysely<DB>;
  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
  }

  async get(): Promise<MailServers> {
    const r = await this.db
      .selectFrom('mail_settings')
      .selectAll()
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return {
      smtp: { host: r.smtp_host, port: r.smtp_port, security: r.smtp_security as Security },
      imap: { host: r.imap_host, port: r.imap_port, security: r.imap_security as Security },
      allowSelfSigned: r.is_self_signed_allowed,
      updatedAt: r.updated_at,
    };
  }

  async update(input: UpdateMailServers, userId: number): Promise<MailServers> {
    await this.db
      .updateTable('mail_settings')
      .set({
        smtp_host: input.smtp.host,
        smtp_port: input.smtp.port,
        smtp_security: input.smtp.security,
        imap_host: input.imap.host,
        imap_port: input.imap.port,
        imap_security: input.imap.security,
        is_self_signed_allowed: input.allowSelfSigned ?? false,
        updated_at: new Date().toISOString(),
        updated_by: userId,
      })
      .where('id', '=', 1)
      .execute();
    return this.get();
  }

  /** Where to connect for a protocol; the port defaults by security when not set. */
  async endpoint(protocol: 'smtp' | 'imap'): Promise<ServerEndpoint> {
    const s = await this.get();
    const p = s[protocol];
    if (!p.host) throw new AppError(409, 'mail_server_not_configured', { protocol: protocol.toUpperCase() });
    return {
      host: p.host,
      port: p.port ?? DEFAULT_PORTS[protocol][p.security],
      security: p.security,
      allowSelfSigned: s.allowSelfSigned,
    };
  }

  async test(protocol: 'smtp' | 'imap', employeeId: number | null): Promise<TestMailServerResult> {
    const endpoint = await this.endpoint(protocol);
    let creds = null;
    if (employeeId !== null) {
      creds = await this.services.employees.mailboxCredentials(employeeId);
      if (!creds) throw new AppError(409, 'employee_mailbox_incomplete');
    }
    // Loaded on first use: the mail clients add a third to the server's start-up time.
    const { testSmtp, testImap } = await import('./mail-connection-test.js');
    return protocol === 'smtp' ? testSmtp(endpoint, creds) : testImap(endpoint, creds);
  }
}
