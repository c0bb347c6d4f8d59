import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DeviceErrorCode, DeviceView, InboundSmsReceivedPayload, VerifyDeviceRequest } from '@zagel/contracts';
import { Inbox } from '@zagel/database';
import { DeviceRow, routingRecordOf } from '../devices/device-row';
import { DeviceViews } from '../devices/device-views';
import { DeviceError, deviceNotFound } from '../devices/devices.errors';
import { DevicesRepository } from '../devices/devices.repository';
import { PoolStore } from '../pools/pool-store';
import { DeviceProofsRepository } from './device-proofs.repository';
import { judgeProof, PROOF_POLICY, ProofCodes, proofCodeIn, ProofJudgement } from './proof-codes';

interface ProofOutcome {
  judgement: ProofJudgement | 'already_verified';
  attemptsLeft: number;
}

interface TriedProof extends ProofOutcome {
  /** Phones that held the number until this proof. */
  displaced: string[];
}

function tried(judgement: TriedProof['judgement'], attemptsLeft = 0, displaced: string[] = []): TriedProof {
  return { judgement, attemptsLeft, displaced };
}

/**
 * A phone proves it holds its number with the code sent there: carried back by its own
 * `sms:received` (the phone is known by its token, never by what it says), or typed by its owner.
 * On proof the phone is verified and joins its pools; a phone that held the number before loses it
 * (unverified, out of its pools) in the same transaction. Wrong tries count, right ones count once.
 */
@Injectable()
export class ProveDeviceNumberUseCase {
  private readonly logger = new Logger(ProveDeviceNumberUseCase.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly devices: DevicesRepository,
    private readonly proofs: DeviceProofsRepository,
    private readonly codes: ProofCodes,
    private readonly pools: PoolStore,
    private readonly views: DeviceViews,
  ) {}

  /** `POST /v1/devices/{id}/verify`: the owner typed the code. */
  async byOwner(request: VerifyDeviceRequest): Promise<DeviceView> {
    const row = await this.devices.ownedBy(request.ownerId, request.deviceId);
    if (!row) throw deviceNotFound();
    const outcome = await this.prove(row, request.code);
    switch (outcome.judgement) {
      case 'verified':
        break;
      case 'already_verified':
        throw new DeviceError(DeviceErrorCode.AlreadyVerified, 'This phone has already proven its number.');
      case 'incorrect':
        throw new DeviceError(DeviceErrorCode.IncorrectCode, 'That is not the code sent to this number.', { attemptsLeft: outcome.attemptsLeft });
      case 'too_many_attempts':
        throw new DeviceError(DeviceErrorCode.TooManyAttempts, 'Too many wrong codes: ask for a new one (POST /v1/devices/{id}/proof).');
      case 'expired':
      case 'none':
        throw new DeviceError(DeviceErrorCode.CodeExpired, 'No code sent to this number is valid any more: ask for a new one (POST /v1/devices/{id}/proof).');
    }
    const { views } = await this.views.of([(await this.devices.byId(row.id)) as DeviceRow]);
    return views[0];
  }

  /**
   * `inbound.sms-received` from a phone: a proof SMS it received proves it (or counts as a wrong
   * try, once per bus message: `busMessageId` keeps a redelivery from counting again).
   */
  async bySms(event: InboundSmsReceivedPayload, busMessageId: string): Promise<void> {
    if (event.channel !== 'device' || !event.deviceId) return;
    const code = proofCodeIn(event.body);
    if (!code) return;
    const row = await this.devices.byId(event.deviceId);
    if (!row || row.verified_at) return;
    const outcome = await this.prove(row, code, busMessageId);
    this.logger.log(`device ${row.id}: number proof by its own SMS: ${outcome.judgement}`);
  }

  private async prove(claimant: DeviceRow, code: string, busMessageId?: string, now = new Date()): Promise<ProofOutcome> {
    const outcome = await this.dataSource.transaction(async (manager): Promise<TriedProof> => {
      await this.proofs.lockNumber(manager, claimant.phone_number);
      if (busMessageId && !(await Inbox.claim(manager, 'device-proof', busMessageId))) return tried('none');
      const row = await this.devices.byId(claimant.id, manager);
      if (!row) return tried('none');
      if (row.verified_at) return tried('already_verified');
      const proof = await this.proofs.latestFor(manager, row.id);
      const matches = proof !== null && this.codes.matches(proof.code_hmac, row.id, code);
      const judgement = judgeProof(proof && { attempts: proof.attempts, expiresAt: proof.expires_at, usedAt: proof.used_at }, matches, now);
      if (judgement === 'incorrect' && proof) {
        const attempts = await this.proofs.countAttempt(manager, proof.id);
        return tried(judgement, Math.max(0, PROOF_POLICY.maxAttempts - attempts));
      }
      if (judgement !== 'verified') return tried(judgement);
      const displaced = await this.devices.verify(manager, row.id, row.phone_number, now);
      await this.proofs.markUsed(manager, row.id, now);
      return tried(judgement, 0, displaced);
    });
    if (outcome.judgement === 'verified') {
      // After the commit: the proven phone joins its pools (if online), the number's old holder leaves them.
      for (const id of [claimant.id, ...outcome.displaced]) {
        const row = await this.devices.byId(id);
        if (row) await this.pools.putDevice(routingRecordOf(row));
      }
      if (outcome.displaced.length > 0) this.logger.log(`number of device ${claimant.id} moved to it from ${outcome.displaced.join(', ')}`);
    }
    return outcome;
  }
}
