import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DisconnectDevice } from '@zagel/contracts';
import { Outbox } from '@zagel/database';
import { PoolDispatcherConfig } from '../config';
import { DeviceRow, routingRecordOf } from '../devices/device-row';
import { DevicesRepository } from '../devices/devices.repository';
import { PoolStore } from '../pools/pool-store';
import { DeliveryProof, DeliveryProofsRepository } from './delivery-proofs.repository';
import { comparisonPool, IntegrityVerdict, judgeDevice, QuarantinePolicy } from './proven-delivery-rate';

/**
 * Judges phones on what they cannot forge: after new evidence against a phone, its proven-delivery
 * rate is compared with its pool's, and a phone far below is quarantined (out of every pool,
 * disconnected, its pending rewards held: no canary of it is announced until an operator releases it).
 */
@Injectable()
export class DeviceIntegrity {
  private readonly logger = new Logger(DeviceIntegrity.name);
  private readonly policy: QuarantinePolicy;

  constructor(
    private readonly dataSource: DataSource,
    private readonly proofs: DeliveryProofsRepository,
    private readonly devices: DevicesRepository,
    private readonly pools: PoolStore,
    settings: PoolDispatcherConfig,
  ) {
    this.policy = { minCanaries: settings.DEVICE_PROOF_MIN_CANARIES, ratio: settings.DEVICE_PROOF_QUARANTINE_RATIO };
  }

  /** Records evidence (idempotent) and judges every phone it counts against. */
  async record(proofs: readonly DeliveryProof[]): Promise<void> {
    const fresh = await this.dataSource.transaction((manager) => this.proofs.record(manager, proofs));
    await this.judgeAgainst(fresh);
  }

  /** After the commit of new evidence: judges the phones it counts against. */
  async judgeAgainst(fresh: readonly DeliveryProof[]): Promise<void> {
    const against = new Set(fresh.filter((proof) => !proof.proven).map((proof) => proof.deviceId));
    for (const deviceId of against) await this.judge(deviceId);
  }

  /** Quarantines the phone if its rate is far below its pool's; answers the verdict (null if it is gone or already out). */
  async judge(deviceId: string): Promise<IntegrityVerdict | null> {
    const row = await this.devices.byId(deviceId);
    if (!row || row.quarantined_at !== null || row.banned_at !== null) return null;
    const own = (await this.proofs.tallies([deviceId])).get(deviceId);
    if (!own) return null;
    const { sameCarrier, restOfCountry } = await this.proofs.poolTallies(deviceId, row.country, row.carrier);
    const verdict = judgeDevice(own, comparisonPool(sameCarrier, restOfCountry, this.policy), this.policy);
    if (verdict.quarantine) await this.quarantine(row, verdict);
    return verdict;
  }

  private async quarantine(row: DeviceRow, verdict: IntegrityVerdict): Promise<void> {
    const gatewayInstanceId = await this.pools.gatewayOf(row.id);
    const quarantined = await this.dataSource.transaction(async (manager) => {
      const [rows] = (await manager.query(
        `UPDATE devices SET quarantined_at = now() WHERE id = $1 AND quarantined_at IS NULL AND banned_at IS NULL RETURNING *`,
        [row.id],
      )) as [DeviceRow[], number];
      if (rows.length === 0) return null;
      if (gatewayInstanceId) {
        await Outbox.add(manager, DisconnectDevice, { deviceId: row.id, reason: 'quarantined' }, { target: { service: 'device-gateway', instanceId: gatewayInstanceId } });
      }
      return rows[0];
    });
    if (!quarantined) return;
    await this.pools.putDevice(routingRecordOf(quarantined));
    this.logger.warn(
      `device ${row.id} quarantined: proven-delivery rate ${verdict.rate?.toFixed(2)} against its pool's ${verdict.poolRate?.toFixed(2)}`,
    );
  }
}
