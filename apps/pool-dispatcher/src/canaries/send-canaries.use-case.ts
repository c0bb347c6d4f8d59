import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { DataSource } from 'typeorm';
import { PushToDevice } from '@zagel/contracts';
import { Outbox } from '@zagel/database';
import { PoolDispatcherConfig } from '../config';
import { DeviceRow } from '../devices/device-row';
import { DeliveryProofsRepository } from '../integrity/delivery-proofs.repository';
import { DeviceIntegrity } from '../integrity/device-integrity';
import { PoolStore } from '../pools/pool-store';
import { DEFAULT_VALIDITY_MS } from '../routing/route-message.use-case';
import { CanariesRepository } from './canaries.repository';
import { canaryText, newCanaryToken } from './canary-texts';

const DAY_MS = 24 * 3_600_000;
const CLOSE_BATCH = 500;

/**
 * The canary round (one instance at a time): closes the canaries whose deadline passed (a missed one
 * is evidence against its sender) and sends new ones. Each online phone in good standing gets one
 * with probability CANARY_MAX_PER_DAY × interval ÷ 24 h (never more than CANARY_MAX_PER_DAY in 24 hours,
 * never two awaited at once), from its own SIM through the ordinary `device.push` → `sms:send`, to
 * another pool phone of its country (another owner's when there is one) or else a provider inbound
 * number. It looks like any customer's message: same command, a fresh message id, a 24-hour expiry,
 * an ordinary text. It takes no quota, is charged to no customer and rewards nobody.
 */
@Injectable()
export class SendCanariesUseCase {
  private readonly inboundNumbers: string[];

  constructor(
    private readonly dataSource: DataSource,
    private readonly canaries: CanariesRepository,
    private readonly proofs: DeliveryProofsRepository,
    private readonly integrity: DeviceIntegrity,
    private readonly pools: PoolStore,
    private readonly settings: PoolDispatcherConfig,
  ) {
    this.inboundNumbers = (settings.CANARY_INBOUND_NUMBERS ?? '').split(',').filter(Boolean);
  }

  async closeOverdue(): Promise<boolean> {
    const { closed, fresh } = await this.dataSource.transaction(async (manager) => {
      const rows = await this.canaries.closeOverdue(manager, CLOSE_BATCH);
      const missed = rows.filter((row) => row.outcome === 'missed');
      const recorded = await this.proofs.record(
        manager,
        missed.map((row) => ({ kind: 'canary_missed' as const, reference: row.id, deviceId: row.sender_device_id, proven: false })),
      );
      return { closed: rows.length, fresh: recorded };
    });
    await this.integrity.judgeAgainst(fresh);
    return closed === CLOSE_BATCH;
  }

  /** Answers how many canaries were sent. */
  async sendDue(now = Date.now()): Promise<number> {
    if (this.settings.CANARY_MAX_PER_DAY === 0) return 0;
    const online = await this.pools.onlineDevices();
    if (online.length === 0) return 0;
    const [live, rows] = await Promise.all([this.pools.liveState(online, now), this.canaries.eligibleDevices(online)]);
    const records = await this.canaries.senderRecords(rows.map((row) => row.id));
    const chance = Math.min(1, (this.settings.CANARY_MAX_PER_DAY * this.settings.CANARY_INTERVAL_MS) / DAY_MS);
    // Receivers prove an arrival with their `sms:received`: only phones the pools trust (in a pool now).
    const receivers = rows.filter((row) => live.get(row.id)?.inPool);
    let sent = 0;
    for (const sender of rows) {
      const state = live.get(sender.id);
      if (!state?.gatewayInstanceId || state.coolingDownUntil !== null) continue;
      const record = records.get(sender.id);
      if (record && (record.open || record.today >= this.settings.CANARY_MAX_PER_DAY)) continue;
      if (Math.random() >= chance) continue;
      const receiver = this.receiverFor(sender, receivers);
      if (!receiver) continue;
      await this.send(sender, state.gatewayInstanceId, receiver, now);
      sent += 1;
    }
    return sent;
  }

  private receiverFor(sender: DeviceRow, receivers: readonly DeviceRow[]): { deviceId: string | null; number: string } | null {
    const sameCountry = receivers.filter((row) => row.id !== sender.id && row.country === sender.country);
    // Another owner's phone, so an owner cannot have one phone vouch for another.
    const strangers = sameCountry.filter((row) => row.owner_id !== sender.owner_id);
    const pick = strangers.length > 0 ? strangers : this.inboundNumbers.length > 0 ? [] : sameCountry;
    if (pick.length > 0) {
      const row = pick[randomInt(pick.length)];
      return { deviceId: row.id, number: row.phone_number };
    }
    if (this.inboundNumbers.length === 0) return null;
    return { deviceId: null, number: this.inboundNumbers[randomInt(this.inboundNumbers.length)] };
  }

  private async send(sender: DeviceRow, gatewayInstanceId: string, receiver: { deviceId: string | null; number: string }, now: number): Promise<void> {
    const id = uuidv7();
    const token = newCanaryToken();
    await this.dataSource.transaction(async (manager) => {
      await this.canaries.insert(manager, {
        id,
        senderDeviceId: sender.id,
        senderOwnerId: sender.owner_id,
        receiverDeviceId: receiver.deviceId,
        receiverNumber: receiver.number,
        token,
        deadline: new Date(now + this.settings.CANARY_DEADLINE_MS),
      });
      // The canary is its own lease: the phone's reports about it reach CanaryReports, not a customer's message.
      await Outbox.add(
        manager,
        PushToDevice,
        {
          leaseId: id,
          messageId: uuidv7(),
          deviceId: sender.id,
          to: receiver.number,
          body: canaryText(token),
          expiresAt: new Date(now + DEFAULT_VALIDITY_MS).toISOString(),
        },
        { target: { service: 'device-gateway', instanceId: gatewayInstanceId } },
      );
    });
  }
}
