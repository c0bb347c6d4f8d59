import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InboundChannel, InboundSmsReceived, InboundSmsReceivedPayload } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import type { InboundSms } from '../adapters/provider-adapter';
import { InboundParts } from './inbound-parts';

/** The provider account an inbound SMS came through. */
export interface InboundAccount {
  id: string;
  kind: string;
}

const MAX_BODY = 1_600;
const MAX_ADDRESS = 32;

/** Where adapters that receive inbound SMS on their own connection (SMPP) hand them. */
export abstract class AdapterInboundSink {
  abstract publish(account: InboundAccount, channel: InboundChannel, messages: InboundSms[]): Promise<number>;
}

/**
 * Publishes inbound SMS as `inbound.sms-received`, confirmed by the broker before the provider is answered (a
 * provider that gets no answer sends again, and the repeat carries the same dedupe key: nothing is lost and
 * ingestion stores it once). Nothing is stored here, so no outbox: the provider's retry is the redelivery.
 * Parts of a concatenated SMS are joined first and published once, when the last one is in.
 */
@Injectable()
export class PublishInboundSmsUseCase extends AdapterInboundSink {
  constructor(
    private readonly bus: Bus,
    private readonly parts: InboundParts,
  ) {
    super();
  }

  async publish(account: InboundAccount, channel: InboundChannel, messages: InboundSms[]): Promise<number> {
    const payloads: InboundSmsReceivedPayload[] = [];
    for (const sms of messages) {
      const payload = await this.whole(account, channel, sms);
      if (payload) payloads.push(payload);
    }
    if (payloads.length > 0) await this.bus.publishMany(InboundSmsReceived, payloads);
    return payloads.length;
  }

  private async whole(account: InboundAccount, channel: InboundChannel, sms: InboundSms): Promise<InboundSmsReceivedPayload | undefined> {
    if (!sms.part) return this.payload(account, channel, sms, sms.providerMessageId, sms.body);
    const group = `${account.id}:${sms.from}:${sms.part.reference}:${sms.part.total}`;
    const body = await this.parts.add(group, sms.part, sms.body);
    if (body === undefined) return undefined;
    // The reference alone repeats (senders reuse it); with the whole text it names this message, and a repeat of it.
    const id = `concat:${sms.from}:${sms.part.reference}:${sms.part.total}:${createHash('sha256').update(body).digest('hex').slice(0, 32)}`;
    return this.payload(account, channel, sms, id, body);
  }

  private payload(account: InboundAccount, channel: InboundChannel, sms: InboundSms, id: string, body: string): InboundSmsReceivedPayload {
    const receivedAt = sms.receivedAt && !Number.isNaN(Date.parse(sms.receivedAt)) ? new Date(sms.receivedAt) : new Date();
    return {
      dedupeKey: dedupeKey(account, id),
      channel,
      providerKind: account.kind,
      providerAccountId: account.id,
      from: sms.from.slice(0, MAX_ADDRESS),
      ...(sms.to ? { to: sms.to.slice(0, MAX_ADDRESS) } : {}),
      // Longer than any provider delivers as one message; kept whole up to the contract's limit rather than refused
      // (a refusal would only make the provider send it again, forever).
      body: body.slice(0, MAX_BODY),
      receivedAt: receivedAt.toISOString(),
    };
  }
}

/** `<kind>:<account>:<provider's id>`, the id hashed when it would not fit. */
export function dedupeKey(account: InboundAccount, providerMessageId: string): string {
  const key = `${account.kind}:${account.id}:${providerMessageId}`;
  return key.length <= 200 ? key : `${account.kind}:${account.id}:sha256:${createHash('sha256').update(providerMessageId).digest('hex')}`;
}
