import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BillingErrorCode, MessageStatus, MessageStatusPayload } from '@zagel/contracts';
import { Inbox } from '@zagel/database';
import { RewardPhoneOwner } from '../rewards/reward-phone-owner';
import { ReservationsRepository } from '../reservations/reservations.repository';
import { SettleReservation } from '../reservations/settle-reservation';
import { BillingError } from '../shared/billing-error';

export const CAPTURING_STATUSES: readonly MessageStatus[] = ['sent', 'delivered', 'undelivered'];
export const RELEASING_STATUSES: readonly MessageStatus[] = ['failed', 'canceled', 'expired'];

/** A reservation that is gone or already settled the other way: an out-of-order event, which changes nothing. */
export function isSettledElsewhere(error: unknown): boolean {
  return (
    error instanceof BillingError &&
    (error.code === BillingErrorCode.ReservationNotFound || error.code === BillingErrorCode.ReservationClosed)
  );
}

/**
 * A message's fate settles its reservation (billing binds only these statuses, see MessageEventsController) (reference = message id): sent, delivered or
 * undelivered captures the price of the route it took; failed, canceled or expired releases. A
 * device delivery of non-OTP traffic rewards the phone's owner (OTP is rewarded on verification).
 * Each event is handled once (inbox), and events arriving out of order change nothing.
 */
@Injectable()
export class SettleOnMessageStatusUseCase {
  static readonly CONSUMER = 'billing.message-status';

  constructor(
    private readonly dataSource: DataSource,
    private readonly settle: SettleReservation,
    private readonly reservations: ReservationsRepository,
    private readonly reward: RewardPhoneOwner,
  ) {}

  async execute(event: MessageStatusPayload, eventId: string): Promise<void> {
    const capture = CAPTURING_STATUSES.includes(event.status);
    const release = RELEASING_STATUSES.includes(event.status);
    const rewardable = event.status === 'delivered' && event.route === 'device' && event.deviceOwnerId !== undefined;
    await Inbox.runOnce(this.dataSource, SettleOnMessageStatusUseCase.CONSUMER, eventId, async (manager) => {
      try {
        if (capture) {
          await this.settle.captureIn(manager, { organizationId: event.organizationId, reference: event.messageId, route: event.route });
        } else if (release) {
          await this.settle.releaseIn(manager, event.organizationId, event.messageId);
        }
      } catch (error) {
        if (!isSettledElsewhere(error)) throw error;
      }
      if (rewardable) {
        const reservation = await this.reservations.find(manager, event.organizationId, event.messageId);
        if (reservation?.pricing?.messageType !== 'otp') {
          await this.reward.rewardIn(manager, {
            messageId: event.messageId,
            ownerId: event.deviceOwnerId!,
            deviceId: event.deviceId,
            organizationId: event.organizationId,
            source: 'delivered',
          });
        }
      }
    });
  }
}
