import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { SmppMoReceivedPayload, SmppReceiptDuePayload } from '@zagel/contracts';
import { InjectRedis, RedisClient, RedisKeys } from '@zagel/redis';
import { ApiGatewayConfig } from '../config';

/** What waits for an API key's receivers: a delivery receipt or an MO message. */
export type SmppMail = { kind: 'receipt'; receipt: SmppReceiptDuePayload } | { kind: 'mo'; mo: SmppMoReceivedPayload };

/** One piece of mail in an API key's mailbox, with its stream entry id. */
export interface MailedItem {
  id: string;
  mail: SmppMail;
}

const GROUP = 'receivers';
/** Most receipts one mailbox keeps (the oldest are trimmed past it). */
const MAILBOX_MAX_LENGTH = 1_000_000;

/**
 * Delivery receipts and MO messages waiting for an API key's bound receivers, shared by every gateway instance: a Redis stream
 * per key read through one consumer group, so each receipt goes to one receiver on whichever instance holds a
 * bind, and stays pending until that receiver's deliver_sm_resp acknowledges it (then it is deleted). A receipt
 * for a key nobody has bound waits, up to SMPP_RECEIPT_RETENTION_HOURS, for the next bind. A new receipt is
 * announced on one pub/sub channel with the key's id, so an instance holding that key's receivers drains at
 * once; one left pending by a receiver that went away is claimed again after RECLAIM_IDLE_MS.
 */
@Injectable()
export class SmppMailbox implements OnModuleDestroy {
  static readonly RECLAIM_IDLE_MS = 30_000;
  private readonly logger = new Logger(SmppMailbox.name);
  private readonly groups = new Set<string>();
  private subscriber?: RedisClient;

  constructor(
    @InjectRedis() private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly settings: ApiGatewayConfig,
  ) {}

  /** Files the mail in its key's mailbox and tells the instances. At least once: a redelivered event mails a second copy. */
  async post(apiKeyId: string, mail: SmppMail): Promise<void> {
    const stream = this.stream(apiKeyId);
    await this.redis
      .multi()
      .xAdd(stream, '*', { mail: JSON.stringify(mail) }, { TRIM: { strategy: 'MAXLEN', strategyModifier: '~', threshold: MAILBOX_MAX_LENGTH } })
      .expire(stream, this.settings.SMPP_RECEIPT_RETENTION_HOURS * 3_600)
      .publish(this.channel(), apiKeyId)
      .exec();
  }

  /** Calls `onMail` with the key id of every mail posted from now on, on any instance. */
  async listen(onMail: (apiKeyId: string) => void): Promise<void> {
    this.subscriber = this.redis.duplicate() as RedisClient;
    this.subscriber.on('error', (error: unknown) => this.logger.warn(`receipt announcements: ${String(error)}`));
    await this.subscriber.connect();
    await this.subscriber.subscribe(this.channel(), (apiKeyId) => onMail(apiKeyId));
  }

  /** Up to `count` pieces of mail for this consumer: those another receiver left pending too long first, then new ones. */
  async take(apiKeyId: string, consumer: string, count: number): Promise<MailedItem[]> {
    try {
      return await this.read(apiKeyId, consumer, count);
    } catch (error) {
      // The mailbox expired (and its group with it) since this instance last read it.
      if (!String(error).includes('NOGROUP')) throw error;
      this.groups.delete(this.stream(apiKeyId));
      return this.read(apiKeyId, consumer, count);
    }
  }

  private async read(apiKeyId: string, consumer: string, count: number): Promise<MailedItem[]> {
    const stream = this.stream(apiKeyId);
    await this.ensureGroup(stream);
    const reclaimed = await this.redis.xAutoClaim(stream, GROUP, consumer, SmppMailbox.RECLAIM_IDLE_MS, '0-0', { COUNT: count });
    const entries = [...reclaimed.messages.filter((entry) => entry !== null)];
    if (entries.length < count) {
      const fresh = await this.redis.xReadGroup(GROUP, consumer, { key: stream, id: '>' }, { COUNT: count - entries.length });
      for (const read of (fresh ?? []) as { messages: { id: string; message: Record<string, string> }[] }[]) entries.push(...read.messages);
    }
    return entries.map((entry) => ({ id: entry!.id, mail: JSON.parse(entry!.message.mail!) as SmppMail }));
  }

  /** The mail a receiver acknowledged: gone for good. */
  async acknowledge(apiKeyId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const stream = this.stream(apiKeyId);
    await this.redis.multi().xAck(stream, GROUP, ids).xDel(stream, ids).exec();
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscriber?.quit().catch(() => undefined);
  }

  private async ensureGroup(stream: string): Promise<void> {
    if (this.groups.has(stream)) return;
    try {
      await this.redis.xGroupCreate(stream, GROUP, '0', { MKSTREAM: true });
    } catch (error) {
      if (!String(error).includes('BUSYGROUP')) throw error;
    }
    await this.redis.expire(stream, this.settings.SMPP_RECEIPT_RETENTION_HOURS * 3_600);
    this.groups.add(stream);
  }

  private stream(apiKeyId: string): string {
    return this.keys.key('smpp', 'receipts', apiKeyId);
  }

  private channel(): string {
    return this.keys.key('smpp', 'receipts-posted');
  }
}
