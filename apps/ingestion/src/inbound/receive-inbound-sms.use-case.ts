import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { INBOUND_CALLBACK_EVENT, InboundSmsReceivedPayload, SmppMoReceived } from '@zagel/contracts';
import { Outbox } from '@zagel/database';
import { IngestionConfig } from '../config';
import { OptOutsRepository } from '../opt-outs/opt-outs';
import { NewDelivery, WebhooksRepository } from '../webhooks/webhooks.repository';
import { AnswerHelp } from './answer-help';
import { conversationKey, senderOf } from './inbound-attribution';
import { classifyInbound, DEFAULT_KEYWORDS } from './inbound-keywords';
import { InboundMessagesRepository, InboundRow, InboundSettings } from './inbound-messages.repository';

/** The body an organization's endpoint receives for an inbound SMS attributed to it. */
export function receivedCallback(row: InboundRow & { organization_id: string }): NewDelivery {
  return {
    organizationId: row.organization_id,
    messageId: row.id,
    callbackUrl: null,
    event: INBOUND_CALLBACK_EVENT,
    payload: {
      event: INBOUND_CALLBACK_EVENT,
      inboundMessageId: row.id,
      from: row.from_number,
      to: row.to_number,
      body: row.body,
      kind: row.kind,
      keyword: row.keyword,
      channel: row.channel,
      inReplyToMessageId: row.in_reply_to_message_id,
      timestamp: row.received_at.toISOString(),
    },
  };
}

/**
 * An inbound SMS, from any channel: stored once per dedupe key, attributed to the organization whose
 * last message to the sender (30 days) went through the same phone or provider account (else kept
 * for operators with no organization), and, for that organization, its keywords applied (opt-out,
 * opt-in), its webhook called with `message.received` (all in one transaction), and HELP answered.
 */
@Injectable()
export class ReceiveInboundSmsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly inbound: InboundMessagesRepository,
    private readonly optOuts: OptOutsRepository,
    private readonly webhooks: WebhooksRepository,
    private readonly help: AnswerHelp,
    private readonly settings: IngestionConfig,
  ) {}

  async execute(event: InboundSmsReceivedPayload): Promise<void> {
    const { row, settings } = await this.dataSource.transaction((manager) => this.store(manager, event));
    // A redelivery after a failed answer finds the HELP stored and answers it now (AnswerHelp is idempotent).
    if (row.kind === 'help' && row.help_reply_message_id && settings?.helpText) await this.help.answer(row, settings.helpText);
  }

  private async store(manager: EntityManager, event: InboundSmsReceivedPayload): Promise<{ row: InboundRow; settings: InboundSettings | null }> {
    const stored = await this.inbound.findByDedupeKey(manager, event.dedupeKey);
    if (stored) return { row: stored, settings: stored.organization_id ? await this.inbound.settings(stored.organization_id, manager) : null };

    const key = conversationKey(event, new Date());
    const conversation = key ? await this.inbound.lastConversation(manager, key) : null;
    const organizationId = conversation?.organization_id ?? null;
    const settings = organizationId ? await this.inbound.settings(organizationId, manager) : null;
    // Unattributed messages are classified with the defaults, for operators to read; nothing is applied.
    const { kind, keyword } = classifyInbound(event.body, settings?.keywords ?? DEFAULT_KEYWORDS);
    const row = await this.inbound.insert(manager, {
      id: uuidv7(),
      dedupe_key: event.dedupeKey,
      organization_id: organizationId,
      channel: event.channel,
      device_id: event.channel === 'device' ? (event.deviceId ?? null) : null,
      provider_kind: event.channel === 'device' ? null : (event.providerKind ?? null),
      provider_account_id: event.channel === 'device' ? null : (event.providerAccountId ?? null),
      from_number: senderOf(event.from),
      to_number: event.to ?? null,
      body: event.body,
      kind,
      keyword: keyword ?? null,
      in_reply_to_message_id: conversation?.id ?? null,
      help_reply_message_id: kind === 'help' && organizationId && settings?.helpText ? uuidv7() : null,
      received_at: new Date(event.receivedAt),
    });
    // Stored meanwhile by a concurrent delivery of the same SMS (the insert waited for its commit).
    if (!row) return this.store(manager, event);
    if (!organizationId || !key) return { row, settings };

    if (kind === 'opt_out') await this.optOuts.optOutByKeyword(manager, organizationId, key.number, keyword!);
    if (kind === 'opt_in') await this.optOuts.optInByKeyword(manager, organizationId, key.number);
    await this.webhooks.enqueue(manager, [receivedCallback({ ...row, organization_id: organizationId })], this.settings.WEBHOOKS_RETRY_WINDOW_SECONDS);
    if (conversation?.smpp_key_id) {
      await Outbox.add(
        manager,
        SmppMoReceived,
        {
          inboundId: row.id,
          organizationId,
          apiKeyId: conversation.smpp_key_id,
          from: row.from_number,
          ...(row.to_number ? { to: row.to_number } : {}),
          body: row.body,
          receivedAt: row.received_at.toISOString(),
        },
        { tenantId: organizationId },
      );
    }
    return { row, settings };
  }
}
