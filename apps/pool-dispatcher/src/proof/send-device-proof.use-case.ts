import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { DeviceErrorCode, DeviceProofSent, MessageRequested, PLATFORM_ORGANIZATION_ID, SendDeviceProofRequest } from '@zagel/contracts';
import { Outbox } from '@zagel/database';
import { DeviceRow } from '../devices/device-row';
import { DeviceError, deviceNotFound } from '../devices/devices.errors';
import { DevicesRepository } from '../devices/devices.repository';
import { DeviceProofsRepository } from './device-proofs.repository';
import { newProofCode, PROOF_POLICY, ProofCodes, proofText } from './proof-codes';

const DAY_MS = 24 * 3_600_000;

/**
 * Sends a proof code to the number an unverified phone claims: a platform (`system`) message on
 * the live lane, routed like any other (a pool phone of the number's carrier or country, else the
 * providers) but never through the claimant's own phones or the number's holder, and never billed.
 * The code row and the request are committed together (outbox), so an accepted proof is never lost.
 */
@Injectable()
export class SendDeviceProofUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly devices: DevicesRepository,
    private readonly proofs: DeviceProofsRepository,
    private readonly codes: ProofCodes,
  ) {}

  /** The owner asks again (`POST /v1/devices/{id}/proof`). */
  async execute(request: SendDeviceProofRequest): Promise<DeviceProofSent> {
    const row = await this.devices.ownedBy(request.ownerId, request.deviceId);
    if (!row) throw deviceNotFound();
    return this.send(row);
  }

  async send(row: DeviceRow, now = new Date()): Promise<DeviceProofSent> {
    if (row.verified_at) throw new DeviceError(DeviceErrorCode.AlreadyVerified, 'This phone has already proven its number.');
    const excluded = await this.devices.notToCarryProofOf(row.owner_id, row.phone_number);
    const code = newProofCode();
    const expiresAt = new Date(now.getTime() + PROOF_POLICY.ttlMs);
    const messageId = uuidv7();
    await this.dataSource.transaction(async (manager) => {
      await this.proofs.lockNumber(manager, row.phone_number);
      const latest = await this.proofs.latestFor(manager, row.id);
      const waited = latest ? now.getTime() - latest.sent_at.getTime() : Infinity;
      if (waited < PROOF_POLICY.resendAfterMs) {
        const retryAfterSeconds = Math.ceil((PROOF_POLICY.resendAfterMs - waited) / 1_000);
        throw new DeviceError(DeviceErrorCode.ResendCooldown, `A code was sent moments ago; ask again in ${retryAfterSeconds} s.`, { retryAfterSeconds });
      }
      if ((await this.proofs.sentToNumberSince(manager, row.phone_number, new Date(now.getTime() - DAY_MS))) >= PROOF_POLICY.sendsPerNumberPerDay) {
        throw new DeviceError(DeviceErrorCode.TooManySends, `${row.phone_number} received ${PROOF_POLICY.sendsPerNumberPerDay} codes in the last 24 hours; try again tomorrow.`);
      }
      await this.proofs.insert(manager, {
        id: uuidv7(),
        device_id: row.id,
        phone_number: row.phone_number,
        code_hmac: this.codes.hmac(row.id, code),
        message_id: messageId,
        sent_at: now,
        expires_at: expiresAt,
      });
      await Outbox.add(
        manager,
        MessageRequested,
        {
          messageId,
          organizationId: PLATFORM_ORGANIZATION_ID,
          to: row.phone_number,
          body: proofText(code),
          messageType: 'otp',
          route: 'auto',
          lane: 'live',
          origin: 'system',
          expiresAt: expiresAt.toISOString(),
          excludeDeviceIds: excluded,
        },
        { tenantId: PLATFORM_ORGANIZATION_ID, messageId },
      );
    });
    return { deviceId: row.id, expiresAt: expiresAt.toISOString() };
  }
}
