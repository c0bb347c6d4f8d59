import { Injectable } from '@nestjs/common';
import { MessageRequestedPayload } from '@zagel/contracts';
import { InjectRedis, RedisClient } from '@zagel/redis';
import { PoolStore } from '../pools/pool-store';

/** How long the dispatcher remembers a message it routed (its leases, the phones that failed it). */
const MESSAGE_MEMORY_SECONDS = 2 * 86_400;

export interface RoutedMessage {
  request: MessageRequestedPayload;
  /** Phones that already had it (failed it, or were told not to get it). */
  tried: string[];
}

/**
 * What the dispatcher keeps per message in Redis: the request (to route it again after a failed
 * lease, from any instance) and the phones tried (added by the pick script). Final decisions are
 * guarded in the database (RoutedMessagesRepository.decide), with the status they announce.
 */
@Injectable()
export class MessageState {
  constructor(
    @InjectRedis() private readonly redis: RedisClient,
    private readonly pools: PoolStore,
  ) {}

  /** True the first time; false for a redelivered `message.requested` (already being routed). */
  async claim(request: MessageRequestedPayload): Promise<boolean> {
    const key = this.pools.key('message', request.messageId);
    const [claimed] = (await this.redis
      .multi()
      .hSetNX(key, 'request', JSON.stringify(request))
      .expire(key, MESSAGE_MEMORY_SECONDS)
      .exec()) as unknown[];
    return Number(claimed) === 1;
  }

  /** The customer canceled it: it is never routed, nor moved to another phone, from now on. */
  async cancel(messageId: string): Promise<void> {
    await this.redis.set(this.pools.key('canceled', messageId), '1', { EX: MESSAGE_MEMORY_SECONDS });
  }

  async isCanceled(messageId: string): Promise<boolean> {
    return (await this.redis.exists(this.pools.key('canceled', messageId))) === 1;
  }

  async get(messageId: string): Promise<RoutedMessage | null> {
    const [request, tried] = await Promise.all([
      this.redis.hGet(this.pools.key('message', messageId), 'request'),
      this.redis.sMembers(this.pools.key('message', messageId, 'tried')),
    ]);
    if (!request) return null;
    // A request remembered before requests carried their lane and origin routes on as a live API message.
    const remembered = JSON.parse(request) as Omit<MessageRequestedPayload, 'lane' | 'origin'> & Partial<MessageRequestedPayload>;
    return { request: { ...remembered, lane: remembered.lane ?? 'live', origin: remembered.origin ?? 'api' }, tried };
  }
}
