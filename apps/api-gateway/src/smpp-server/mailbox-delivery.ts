import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ApiGatewayConfig } from '../config';
import { SmppMailbox } from './smpp-mailbox';
import { SmppSession } from './smpp-session';

/** Mail taken from a mailbox at once (deliver_sm in flight per key on this instance). */
const BATCH = 100;

/**
 * Hands the mail (receipts, MO) of API keys with receivers bound on this instance to those receivers, round
 * robin: on a bind, whenever mail is posted for the key (any instance), and every RECLAIM_IDLE_MS for mail a
 * receiver left unacknowledged. Mail is acknowledged in its mailbox only after deliver_sm_resp.
 */
@Injectable()
export class MailboxDelivery implements OnModuleDestroy {
  private readonly logger = new Logger(MailboxDelivery.name);
  private readonly receivers = new Map<string, SmppSession[]>();
  private readonly draining = new Set<string>();
  private readonly again = new Set<string>();
  private next = 0;
  private reclaimTimer?: NodeJS.Timeout;

  constructor(
    private readonly mailbox: SmppMailbox,
    private readonly settings: ApiGatewayConfig,
  ) {}

  async start(): Promise<void> {
    await this.mailbox.listen((apiKeyId) => {
      if (this.receivers.has(apiKeyId)) this.drain(apiKeyId);
    });
    this.reclaimTimer = setInterval(() => {
      for (const apiKeyId of this.receivers.keys()) this.drain(apiKeyId);
    }, SmppMailbox.RECLAIM_IDLE_MS);
    this.reclaimTimer.unref();
  }

  add(session: SmppSession): void {
    const apiKeyId = session.principal!.apiKeyId;
    this.receivers.set(apiKeyId, [...(this.receivers.get(apiKeyId) ?? []), session]);
    this.drain(apiKeyId);
  }

  remove(session: SmppSession): void {
    const apiKeyId = session.principal?.apiKeyId;
    if (!apiKeyId) return;
    const left = (this.receivers.get(apiKeyId) ?? []).filter((other) => other !== session);
    if (left.length > 0) this.receivers.set(apiKeyId, left);
    else this.receivers.delete(apiKeyId);
  }

  onModuleDestroy(): void {
    clearInterval(this.reclaimTimer);
  }

  /** One drain per key at a time; a notification during one makes it look again when done. */
  private drain(apiKeyId: string): void {
    if (this.draining.has(apiKeyId)) {
      this.again.add(apiKeyId);
      return;
    }
    this.draining.add(apiKeyId);
    void this.drainLoop(apiKeyId)
      .catch((error: unknown) => this.logger.warn(`receipts for key ${apiKeyId}: ${String(error)}`))
      .finally(() => this.draining.delete(apiKeyId));
  }

  private async drainLoop(apiKeyId: string): Promise<void> {
    do {
      this.again.delete(apiKeyId);
      for (;;) {
        if (!this.receivers.has(apiKeyId)) return;
        const mail = await this.mailbox.take(apiKeyId, this.settings.INSTANCE_ID, BATCH);
        if (mail.length === 0) break;
        const delivered = await Promise.all(
          mail.map(async ({ id, mail: item }) => {
            const receiver = this.pick(apiKeyId);
            return receiver && (await receiver.deliver(item)) ? id : undefined;
          }),
        );
        await this.mailbox.acknowledge(apiKeyId, delivered.filter((id): id is string => id !== undefined));
        // What a receiver did not acknowledge stays pending, claimed again once idle: do not spin on it now.
        if (delivered.includes(undefined)) return;
      }
    } while (this.again.has(apiKeyId));
  }

  private pick(apiKeyId: string): SmppSession | undefined {
    const sessions = this.receivers.get(apiKeyId);
    if (!sessions || sessions.length === 0) return undefined;
    this.next = (this.next + 1) % sessions.length;
    return sessions[this.next];
  }
}
