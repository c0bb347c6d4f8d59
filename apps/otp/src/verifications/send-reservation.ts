import { Injectable, Logger } from '@nestjs/common';
import { BillingClient } from '@zagel/billing-client';

export interface PricedSend {
  organizationId: string;
  messageId: string;
  country: string;
  segments: number;
  expirySeconds: number;
}

/**
 * Reserves a code's SMS with billing before anything goes out (reference = the message id); billing
 * captures or releases it itself when the message's fate is reported.
 */
@Injectable()
export class SendReservation {
  private readonly logger = new Logger(SendReservation.name);

  constructor(private readonly billing: BillingClient) {}

  async reserve(send: PricedSend): Promise<void> {
    const pricing = { country: send.country, messageType: 'otp' as const, segments: send.segments };
    const { amount } = await this.billing.quote({ organizationId: send.organizationId, ...pricing });
    await this.billing.reserve({
      organizationId: send.organizationId,
      amount,
      reference: send.messageId,
      pricing,
      expiresInSeconds: send.expirySeconds,
    });
  }

  /** Best effort after a failure between the reservation and the commit; billing's expiry is the backstop. */
  async release(organizationId: string, messageId: string): Promise<void> {
    try {
      await this.billing.release(organizationId, messageId);
    } catch (error) {
      this.logger.warn(`release of the reservation for ${messageId} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
