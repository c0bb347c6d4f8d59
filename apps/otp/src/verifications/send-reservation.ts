import { Inject, Injectable, Logger } from '@nestjs/common';
import { BillingClient, PrepaidAllowance } from '@zagel/billing-client';
import { OtpConfig } from '../config';

export interface PricedSend {
  organizationId: string;
  messageId: string;
  country: string;
  segments: number;
  expirySeconds: number;
}

/** How a send's price is held: spent from the organization's prepaid allowance, or reserved with billing. */
export type PriceHold = { kind: 'allowance'; allowanceId: string; amount: number } | { kind: 'reservation' };

/** What a send row records of its hold (both null: a reservation, reference = the message id). */
export function heldColumns(hold: PriceHold): { allowanceId: string | null; heldAmount: number | null } {
  return hold.kind === 'allowance' ? { allowanceId: hold.allowanceId, heldAmount: hold.amount } : { allowanceId: null, heldAmount: null };
}

/** How long after the code's expiry a spend's record still waits for the message's first settling status. */
const SPEND_RECORD_MARGIN_MS = 3_600_000;

/**
 * Holds a code's SMS price before anything goes out: spent from the organization's prepaid allowance in
 * Redis (one script, no billing RPC; a refill is asked off the hot path when it runs low), or, when the
 * allowance refuses (none granted yet, or spent), reserved with billing (reference = the message id),
 * which answers insufficient_funds when the wallet cannot pay. Either way billing settles the price on
 * the message's first settling status: the route's price is charged (nothing when it failed) and the
 * rest freed, from the reservation or, for an allowance spend (recorded with the message's id and
 * pricing), returned to the wallet.
 */
@Injectable()
export class SendReservation {
  private readonly logger = new Logger(SendReservation.name);

  constructor(
    @Inject(OtpConfig) private readonly config: OtpConfig,
    private readonly billing: BillingClient,
    private readonly allowance: PrepaidAllowance,
  ) {}

  async hold(send: PricedSend): Promise<PriceHold> {
    const pricing = { country: send.country, messageType: 'otp' as const, segments: send.segments };
    const { amount } = await this.billing.quote({ organizationId: send.organizationId, ...pricing });
    if (this.config.OTP_PREPAID_ALLOWANCE) {
      const spend = await this.allowance.spend(send.organizationId, amount, {
        messageId: send.messageId,
        pricing,
        recordTtlMs: send.expirySeconds * 1_000 + SPEND_RECORD_MARGIN_MS,
      });
      if (spend.spent && spend.allowanceId) return { kind: 'allowance', allowanceId: spend.allowanceId, amount };
    }
    await this.billing.reserve({
      organizationId: send.organizationId,
      amount,
      reference: send.messageId,
      pricing,
      expiresInSeconds: send.expirySeconds,
    });
    return { kind: 'reservation' };
  }

  /**
   * Best effort after a failure between the hold and the commit (the message never went out): the
   * allowance gets the price back, a reservation is released (billing's expiry is the backstop). For a
   * message that went out, billing settles the price on its fate; a give-back then changes nothing (the
   * spend's record lets one of the two settle it, once).
   */
  async undo(organizationId: string, messageId: string, hold: PriceHold): Promise<void> {
    try {
      if (hold.kind === 'allowance') await this.allowance.giveBack(organizationId, hold.amount, hold.allowanceId, messageId);
      else await this.billing.release(organizationId, messageId);
    } catch (error) {
      this.logger.warn(`undoing the price hold of ${messageId} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
