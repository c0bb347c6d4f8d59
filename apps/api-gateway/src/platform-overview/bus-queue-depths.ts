import { Injectable } from '@nestjs/common';
import { SERVICE_NAMES } from '@zagel/config';
import { BusQueueView } from '@zagel/contracts';
import { Bus, platformQueues } from '@zagel/messaging';

/** Operators' pages refresh every few seconds, perhaps several at once: one read of the broker serves them all for this long. */
const FRESH_FOR_MS = 2_000;

/**
 * The depth and consumers of every shared queue of the platform's services that exists, read with
 * passive declares (AMQP `queue.declare` with passive set): no RabbitMQ management plugin needed.
 */
@Injectable()
export class BusQueueDepths {
  private latest?: { at: number; reading: Promise<{ checkedAt: string; queues: BusQueueView[] }> };

  constructor(private readonly bus: Bus) {}

  read(): Promise<{ checkedAt: string; queues: BusQueueView[] }> {
    if (this.latest && Date.now() - this.latest.at < FRESH_FOR_MS) return this.latest.reading;
    const reading = this.readNow();
    this.latest = { at: Date.now(), reading };
    reading.catch(() => {
      if (this.latest?.reading === reading) this.latest = undefined;
    });
    return reading;
  }

  private async readNow(): Promise<{ checkedAt: string; queues: BusQueueView[] }> {
    const candidates = platformQueues(this.bus.namespace, SERVICE_NAMES);
    const checkedAt = new Date().toISOString();
    const found = await this.bus.inspectQueues(candidates.map((queue) => queue.name));
    const queues = candidates.flatMap((queue) => {
      const depth = found.get(queue.name);
      return depth ? [{ ...queue, ...depth }] : [];
    });
    return { checkedAt, queues };
  }
}
