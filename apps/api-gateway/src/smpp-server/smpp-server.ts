import { AddressInfo } from 'node:net';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ApiKeyCache } from '../authentication/api-key-cache';
import { ApiGatewayConfig } from '../config';
import { MailboxDelivery } from './mailbox-delivery';
import { SMPP_STATUS, SmppListeningServer, smppLibrary } from './smpp-library';
import { BindMode, SmppPrincipal, SmppSession, SmppSessionHost } from './smpp-session';
import { SmppSubmission, SubmitMessageUseCase, SubmitOutcome } from './submit-message.use-case';

/**
 * How often the keys of bound sessions are checked again: a key revoked, its organization suspended or
 * its scopes no longer enough ends the key's sessions within this (and a revocation reaches the key
 * cache of every instance within LOCAL_CREDENTIAL_CACHE_MS).
 */
export const SMPP_CREDENTIAL_RECHECK_MS = 5_000;

/**
 * The SMPP 3.4 server on SMPP_PORT (off when unset). An ESME binds with system_id = an API key's id and
 * password = the API key itself (longer than SMPP's 8 characters: the `smpp` package and most ESME libraries
 * accept it), resolved through the same cache and auth RPC as the REST API's keys, and checked again every
 * SMPP_CREDENTIAL_RECHECK_MS while the session lasts.
 */
@Injectable()
export class SmppServer implements OnApplicationBootstrap, OnApplicationShutdown, SmppSessionHost {
  private readonly logger = new Logger(SmppServer.name);
  private server?: SmppListeningServer;
  private readonly sessions = new Set<SmppSession>();
  private sequence = 0;
  private recheck?: NodeJS.Timeout;
  private rechecking = false;

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
    this.recheck = setInterval(() => void this.recheckCredentials(), SMPP_CREDENTIAL_RECHECK_MS);
    this.recheck.unref();
    this.logger.log(`SMPP server listening on port ${this.port}`);
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.server) return;
    clearInterval(this.recheck);
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

  /**
   * Ends the bound sessions whose key would no longer bind. A check that cannot be answered (auth
   * unreachable) leaves the session as it is until the next round.
   */
  async recheckCredentials(): Promise<void> {
    if (this.rechecking) return;
    this.rechecking = true;
    try {
      for (const session of this.sessions) {
        const { credentials, mode } = session;
        if (!credentials || !mode) continue;
        const verdict = await this.authenticate(credentials.systemId, credentials.password, mode).catch(() => undefined);
        if (typeof verdict !== 'number') continue;
        this.logger.log(`SMPP session ${session.id} of key ${credentials.systemId} ended: the key no longer binds (status ${verdict})`);
        session.close();
      }
    } finally {
      this.rechecking = false;
    }
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
