import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BillingClient } from '@zagel/billing-client';
import { AcceptedMessage, IngestionErrorCode, SendMessageRequest } from '@zagel/contracts';
import { OptOutsRepository } from '../opt-outs/opt-outs';
import { IngestionError } from '../shared/ingestion-error';
import { MessageComposer } from './message-composer';
import { MessageDraft } from './message-draft';
import { MessageWriter } from './message-writer';
import { pricedRoute, pricingOf, reservationSeconds } from './pricing';

export function acceptedView(draft: MessageDraft): AcceptedMessage {
  return {
    id: draft.id,
    status: draft.status,
    to: draft.to,
    encoding: draft.encoding,
    segments: draft.segments,
    price: draft.price,
    currency: draft.currency,
  };
}

/**
 * One message: validated, priced and reserved through billing before anything is stored; then the
 * row and its `message.requested` commit together. A refused reservation stores nothing.
 */
@Injectable()
export class SendMessageUseCase {
  private readonly logger = new Logger(SendMessageUseCase.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly composer: MessageComposer,
    private readonly optOuts: OptOutsRepository,
    private readonly billing: BillingClient,
    private readonly writer: MessageWriter,
  ) {}

  async execute(request: SendMessageRequest): Promise<AcceptedMessage> {
    const { organizationId } = request;
    const now = new Date();
    const composed = await this.composer.compose(organizationId, request, this.composer.lookups(organizationId), now);
    if (!composed.ok) throw new IngestionError(composed.code, composed.reason, composed.details);
    const { draft: unpriced } = composed;
    if (unpriced.type === 'promotional' && (await this.optOuts.optedOut(organizationId, [unpriced.to])).size > 0) {
      throw new IngestionError(IngestionErrorCode.OptedOut, `${unpriced.to} opted out of this organization's promotional messages`);
    }

    const route = pricedRoute(unpriced.routePreference);
    const quote = await this.billing.quote({
      organizationId,
      country: unpriced.country,
      messageType: unpriced.type,
      segments: unpriced.segments,
      ...(route ? { route } : {}),
    });
    const expiresInSeconds = reservationSeconds(unpriced.scheduleAt, now);
    await this.billing.reserve({
      organizationId,
      amount: quote.amount,
      reference: unpriced.id,
      pricing: pricingOf(unpriced),
      ...(expiresInSeconds ? { expiresInSeconds } : {}),
    });

    const draft: MessageDraft = { ...unpriced, price: quote.amount, currency: quote.currency, ...(request.smppKeyId ? { smppKeyId: request.smppKeyId, smppReceipt: request.smppReceipt ?? false } : {}) };
    try {
      await this.dataSource.transaction((manager) => this.writer.write(manager, organizationId, draft, now));
    } catch (error) {
      await this.billing.release(organizationId, draft.id).catch((releaseError: unknown) => {
        this.logger.warn(`reservation ${draft.id} left to expire: ${String(releaseError)}`);
      });
      throw error;
    }
    return acceptedView(draft);
  }
}
