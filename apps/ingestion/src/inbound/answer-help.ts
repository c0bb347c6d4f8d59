import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BillingCallError, BillingClient } from '@zagel/billing-client';
import { BillingCallErrorCode, MessageRequested } from '@zagel/contracts';
import { Outbox } from '@zagel/database';
import { MessageComposer } from '../messages/message-composer';
import { MessageDraft } from '../messages/message-draft';
import { MessageWriter, routingRequest } from '../messages/message-writer';
import { pricedRoute, pricingOf } from '../messages/pricing';
import { InboundRow } from './inbound-messages.repository';

/**
 * Answers HELP with the organization's help text, through the route the HELP came in by (the same
 * phone, or the same provider account), so the sender hears back from the number it wrote to. The
 * answer is an ordinary transactional message of the organization (priced, listed, called back)
 * whose id was chosen when the HELP was stored: a redelivery finds it written and sends nothing twice.
 */
@Injectable()
export class AnswerHelp {
  private readonly logger = new Logger(AnswerHelp.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly composer: MessageComposer,
    private readonly billing: BillingClient,
    private readonly writer: MessageWriter,
  ) {}

  async answer(inbound: InboundRow, helpText: string): Promise<void> {
    const organizationId = inbound.organization_id;
    const replyId = inbound.help_reply_message_id;
    if (!organizationId || !replyId || (await this.written(replyId))) return;
    const now = new Date();
    const viaDevice = inbound.channel === 'device' && inbound.device_id !== null;
    const composed = await this.composer.compose(
      organizationId,
      { to: inbound.from_number, body: helpText, type: 'transactional', route: viaDevice ? 'devices' : 'providers' },
      this.composer.lookups(organizationId),
      now,
    );
    if (!composed.ok) {
      this.logger.warn(`HELP ${inbound.id} not answered: ${composed.code}`);
      return;
    }
    const unpriced = { ...composed.draft, id: replyId };
    try {
      const route = pricedRoute(unpriced.routePreference);
      const quote = await this.billing.quote({ organizationId, country: unpriced.country, messageType: unpriced.type, segments: unpriced.segments, ...(route ? { route } : {}) });
      // The same reference answers its first reservation, so a redelivery reserves nothing twice.
      await this.billing.reserve({ organizationId, amount: quote.amount, reference: replyId, pricing: pricingOf(unpriced) });
      const draft: MessageDraft = { ...unpriced, price: quote.amount, currency: quote.currency };
      await this.dataSource.transaction(async (manager) => {
        await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`help-reply:${replyId}`]);
        if (await this.written(replyId, manager)) return;
        await this.writer.store(manager, organizationId, [draft], now);
        await Outbox.add(
          manager,
          MessageRequested,
          {
            ...routingRequest('live', draft),
            ...(viaDevice ? { viaDeviceId: inbound.device_id! } : {}),
            ...(!viaDevice && inbound.provider_account_id ? { viaProviderAccountId: inbound.provider_account_id } : {}),
          },
          { tenantId: organizationId },
        );
      });
    } catch (error) {
      // A wallet that cannot pay for the answer is the organization's to fix: not retried.
      if (error instanceof BillingCallError && error.code !== BillingCallErrorCode.BillingUnavailable) {
        this.logger.warn(`HELP ${inbound.id} not answered: ${error.code}`);
        return;
      }
      throw error;
    }
  }

  private async written(messageId: string, manager = this.dataSource.manager): Promise<boolean> {
    const rows = (await manager.query(`SELECT 1 FROM messages WHERE id = $1`, [messageId])) as unknown[];
    return rows.length > 0;
  }
}
