import { AddressInfo } from 'node:net';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ApiKeyCache } from '../authentication/api-key-cache';
import { ApiGatewayConfig } from '../config';
import { MailboxDelivery } from './mailbox-delivery';
import { SMPP_STATUS, SmppListeningServer, smppLibrary } from './smpp-library';
import { BindMode, SmppPrincipal, SmppSession, SmppSessionHost } from './smpp-session';
import { SmppSubmission, SubmitMessageUseCase, SubmitOutcome } from './submit-message.use-case';

/**
 * The SMPP 3.4 server on SMPP_PORT (off when unset). An ESME binds with system_id = an API key's id and
 * password = the API key itself (longer than SMPP's 8 characters: the `smpp` package and most ESME libraries
 * accept it), resolved through the same cache and auth RPC as the REST API's keys.
 */
@Injectable()
export class SmppServer implements OnApplicationBootstrap, OnApplicationShutdown, SmppSessionHost {
  private readonly logger = new Logger(SmppServer.name);
  private server?: SmppListeningServer;
  private readonly sessions = new Set<SmppSession>();
  private sequence = 0;

  constructor(
    private readonly settings: ApiGatewayConfig,
    private readonly apiKeys: ApiKeyCache,
    private readonly submitMessage: SubmitMessageUseCase,
    private readonly receipts: MailboxDelivery,
  ) {}

  get maxOutstandingSubmits(): number {
    return this.settings.SMPP_MAX_OUTSTANDING_SUBMITS;
  }

  /** The port it listens on, once listening. */
  get port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    const port = this.settings.SMPP_PORT;
    if (port === undefined) return;
    await this.receipts.start();
    const server = smppLibrary.createServer((raw) => {
      this.sequence += 1;
      this.sessions.add(new SmppSession(`${this.settings.INSTANCE_ID}/${this.sequence}`, raw, this));
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, () => resolve());
    });
    this.logger.log(`SMPP server listening on port ${this.port}`);
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.server) return;
    const server = this.server;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const session of this.sessions) session.close();
    await closed;
  }

  async authenticate(systemId: string, password: string, mode: BindMode): Promise<SmppPrincipal | number> {
    const resolved = password ? await this.apiKeys.resolve(password) : undefined;
    if (!resolved || resolved.apiKeyId !== systemId) return SMPP_STATUS.ESME_RINVPASWD;
    if (resolved.organizationStatus === 'suspended') return SMPP_STATUS.ESME_RBINDFAIL;
    const needed = mode === 'receiver' ? ['messages:send', 'messages:read'] : ['messages:send'];
    if (!needed.some((scope) => (resolved.scopes as string[]).includes(scope))) return SMPP_STATUS.ESME_RBINDFAIL;
    return { apiKeyId: resolved.apiKeyId, organizationId: resolved.organizationId };
  }

  submit(submission: SmppSubmission): Promise<SubmitOutcome> {
    return this.submitMessage.execute(submission);
  }

  bound(session: SmppSession): void {
    if (session.receives) this.receipts.add(session);
  }

  closed(session: SmppSession): void {
    this.sessions.delete(session);
    this.receipts.remove(session);
  }
}
