import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DeviceCanaryPassed, InboundSmsReceivedPayload } from '@zagel/contracts';
import { Outbox } from '@zagel/database';
import { DeliveryProofsRepository } from '../integrity/delivery-proofs.repository';
import { CanariesRepository } from './canaries.repository';
import { canaryTokensIn } from './canary-texts';

/**
 * An inbound SMS that carries a canary's token, received where the canary was sent: the sender's
 * delivery is proven. In one transaction: the canary closed as `arrived`, the proof recorded, and
 * (unless the sender is quarantined or banned, whose rewards are held) `device.canary-passed`
 * announced for billing to pay what the phone had pending. Idempotent: a canary arrives once.
 */
@Injectable()
export class RecordCanaryArrivalUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly canaries: CanariesRepository,
    private readonly proofs: DeliveryProofsRepository,
  ) {}

  async execute(event: InboundSmsReceivedPayload): Promise<void> {
    const tokens = canaryTokensIn(event.body);
    if (tokens.length === 0) return;
    await this.dataSource.transaction(async (manager) => {
      const arrived = await this.canaries.markArrived(manager, tokens, event);
      if (arrived.length === 0) return;
      await this.proofs.record(
        manager,
        arrived.map((canary) => ({ kind: 'canary_arrived' as const, reference: canary.id, deviceId: canary.sender_device_id, proven: true })),
      );
      const owners = await this.canaries.ownersInGoodStanding(manager, arrived.map((canary) => canary.sender_device_id));
      const provenAt = new Date().toISOString();
      for (const canary of arrived) {
        const ownerId = owners.get(canary.sender_device_id);
        if (ownerId) await Outbox.add(manager, DeviceCanaryPassed, { canaryId: canary.id, deviceId: canary.sender_device_id, ownerId, provenAt });
      }
    });
  }
}
