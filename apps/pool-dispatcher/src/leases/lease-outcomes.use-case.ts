import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DeviceReportsPayload, DeviceSendAckedPayload, DeviceSmsStatusPayload, LeaseReturnReason, MessageStatus } from '@zagel/contracts';
import { CanariesRepository } from '../canaries/canaries.repository';
import { PoolDispatcherConfig } from '../config';
import { DeviceHealth } from '../health/device-health';
import { PoolStore } from '../pools/pool-store';
import { dispatchMetrics } from '../routing/dispatch-metrics';
import { RouteMessageUseCase } from '../routing/route-message.use-case';
import { AttemptOutcome, DeliveryAttemptsRepository } from './delivery-attempts.repository';
import { AWAITING_SEND, closedStateOf, FAILED_STATES, LeaseFailure, LeaseState, refundsQuota } from './lease-states';
import { Lease, LeaseMoveResult, LeaseStore } from './lease-store';
import { SettledLease, SettleLog } from './settle-log';

/** The attempt's error when the phone's gateway instance went away with the push (see gatewayLost). */
const GATEWAY_LOST = 'gateway_lost';
const BLAMELESS_RETURNS: ReadonlySet<LeaseReturnReason> = new Set(['gateway_shutdown', 'in_flight_limit']);

/**
 * A failed lease keeps a deadline this far ahead until its message has been routed again: if the
 * work after the move fails (a commit, a publish, a crash), the deadline poller routes it then.
 * Far enough that a slow but healthy reroute is not done twice.
 */
export const REROUTE_BACKSTOP_MS = 10_000;

/**
 * What happens to a lease after the push: the phone's ack, its status reports, the gateway
 * handing it back, the phone going offline, or a deadline passing. Every change is a guarded
 * state move in Redis, so a report about a closed lease is recorded and otherwise ignored.
 */
@Injectable()
export class LeaseOutcomesUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly leases: LeaseStore,
    private readonly pools: PoolStore,
    private readonly attempts: DeliveryAttemptsRepository,
    private readonly settled: SettleLog,
    private readonly health: DeviceHealth,
    private readonly router: RouteMessageUseCase,
    private readonly settings: PoolDispatcherConfig,
    private readonly canaries: CanariesRepository,
  ) {}

  /**
   * A gateway's `device.reports`: each lease's reports in their lifecycle order (ack, statuses as
   * they came, return), different leases concurrently. Every lease is handled before a failure is
   * thrown, so the redelivered batch only has the failed ones left to do (the rest are idempotent).
   */
  async reports(batch: DeviceReportsPayload): Promise<void> {
    const steps = new Map<string, (() => Promise<void>)[]>();
    const then = (leaseId: string, step: () => Promise<void>) => steps.set(leaseId, [...(steps.get(leaseId) ?? []), step]);
    // An accepted ack whose `sent` or `delivered` came in the same batch needs no move of its own
    // (a deadline for the send the status already reports): the status moves the lease on from
    // `pushed` and records the ack's time.
    const reported = new Set(batch.statuses.filter((status) => status.status !== 'failed').map((status) => status.leaseId));
    const ackedAt = new Map<string, number>();
    for (const ack of batch.acks) {
      if (ack.accepted && reported.has(ack.leaseId)) ackedAt.set(ack.leaseId, Date.parse(ack.at));
      else then(ack.leaseId, () => this.acked(ack));
    }
    for (const status of batch.statuses) then(status.leaseId, () => this.status(status, ackedAt.get(status.leaseId)));
    for (const handedBack of batch.returns) then(handedBack.leaseId, () => this.returned(handedBack.leaseId, handedBack.deviceId, handedBack.reason));
    const results = await Promise.allSettled(
      [...steps.values()].map(async (leaseSteps) => {
        for (const step of leaseSteps) await step();
      }),
    );
    const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) throw failure.reason;
  }

  async acked(report: DeviceSendAckedPayload): Promise<void> {
    if (!report.accepted) {
      await this.fail(report.leaseId, report.deviceId, 'rejected', AWAITING_SEND, report.reason);
      return;
    }
    const now = Date.now();
    const result = await this.leases.move(
      report.leaseId,
      report.deviceId,
      { from: ['pushed'], to: 'accepted', deadline: now + this.settings.DEVICE_SEND_TIMEOUT_MS, closes: false, stamp: 'ackedAt' },
      now,
    );
    // The ack time stays on the lease in Redis and reaches the attempt row with the lease's outcome.
    if (!result.moved) return this.late(report.leaseId, 'ack');
  }

  /**
   * The move in Redis decides which report wins; the commit that records it comes after. A report
   * whose commit failed is redelivered and finds its lease already in the state it moved it to:
   * it records that outcome again, which changes nothing if the first commit did land (SettleLog is
   * idempotent per lease and outcome), so `sent` is always announced and announced once.
   */
  /** `ackedAt`: when the phone accepted it, if that ack was not handled on its own (see `reports`). */
  async status(report: DeviceSmsStatusPayload, ackedAt?: number): Promise<void> {
    if (report.status === 'failed') {
      const failed = await this.leases.move(report.leaseId, report.deviceId, { from: ['sent'], to: 'failed', closes: true, stamp: 'failedAt' });
      if (failed.moved) return void (await this.settle(failed.lease, 'undelivered', report.at, report.errorCode));
      if (failed.current === 'failed' && failed.lease.sentAt !== null) return this.settleAgain(report.leaseId, [[failed.lease, 'undelivered', report.errorCode]], report.at);
      await this.fail(report.leaseId, report.deviceId, 'failed', AWAITING_SEND, report.errorCode);
      return;
    }
    if (report.status === 'sent') {
      const result = withAck(await this.leases.move(report.leaseId, report.deviceId, { from: AWAITING_SEND, to: 'sent', closes: true, stamp: 'sentAt' }), ackedAt);
      if (result.moved) return void (await this.settle(result.lease, 'sent', report.at));
      if (result.lease && result.lease.sentAt !== null) return this.settleAgain(report.leaseId, [[result.lease, 'sent']], report.at);
      return this.late(report.leaseId, 'sent');
    }
    const result = withAck(
      await this.leases.move(report.leaseId, report.deviceId, { from: [...AWAITING_SEND, 'sent'], to: 'delivered', closes: true, stamp: 'deliveredAt' }),
      ackedAt,
    );
    if (!result.moved) {
      if (result.current !== 'delivered') return this.late(report.leaseId, 'delivered');
      return this.settleAgain(report.leaseId, [[result.lease, 'sent'], [result.lease, 'delivered']], report.at);
    }
    if (result.previous === 'sent') return void (await this.settle(result.lease, 'delivered', report.at));
    // `delivered` overtook `sent` (reports are handled concurrently) or the phone skipped it: a
    // delivered SMS was sent, so the message's history and the customer's callbacks still get `sent`
    // first; the late `sent` then finds the lease closed.
    await Promise.all([this.settle(result.lease, 'sent', report.at), this.settle(result.lease, 'delivered', report.at)]);
  }

  async returned(leaseId: string, deviceId: string, reason: LeaseReturnReason): Promise<void> {
    // A gateway instance shutting down hands its leases back (the phone reconnects to another at
    // once), and a phone already holding DEVICE_MAX_IN_FLIGHT messages is busy, not failing: neither
    // is punished nor cooled down; the message just moves on.
    await this.fail(leaseId, deviceId, 'returned', AWAITING_SEND, reason, Date.now(), false, !BLAMELESS_RETURNS.has(reason));
  }

  /** The phone's socket closed: every lease it still owed a send moves on. */
  async deviceWentOffline(deviceId: string): Promise<void> {
    for (const leaseId of await this.leases.openLeasesOf(deviceId)) {
      await this.fail(leaseId, deviceId, 'device_offline', AWAITING_SEND);
    }
  }

  /** The owner deleted the phone: every lease it still owed a send moves on (the phone is gone, not punished). */
  async deviceDeleted(deviceId: string): Promise<void> {
    for (const leaseId of await this.leases.openLeasesOf(deviceId)) {
      await this.fail(leaseId, deviceId, 'device_offline', AWAITING_SEND, 'device_deleted', Date.now(), false, false);
    }
  }

  /** Claimed by whichever instance moves it first; an ack that just arrived wins over the timer. */
  async deadlinePassed(leaseId: string, now = Date.now()): Promise<void> {
    const deviceId = await this.leases.deviceOf(leaseId);
    if (!deviceId) {
      await this.leases.dropDeadline(leaseId);
      return;
    }
    if (await this.fail(leaseId, deviceId, 'ack_timeout', ['pushed'], undefined, now, true)) return;
    if (await this.fail(leaseId, deviceId, 'send_timeout', ['accepted'], undefined, now, true)) return;
    await this.rerouteLeftBehind(leaseId, deviceId, now);
  }

  /**
   * A failed lease whose backstop deadline passed: the work after its move did not finish, so its
   * message is routed again now (the move re-arms the backstop, so one instance does it once).
   */
  private async rerouteLeftBehind(leaseId: string, deviceId: string, now: number): Promise<void> {
    const state = await this.leases.stateOf(leaseId);
    if (!state || !FAILED_STATES.includes(state)) {
      // Settled or gone: nothing is waiting on this deadline.
      await this.leases.dropDeadline(leaseId);
      return;
    }
    const result = await this.leases.move(
      leaseId,
      deviceId,
      { from: [state], to: state, deadline: now + REROUTE_BACKSTOP_MS, dueBy: now, closes: true, stamp: 'finishedAt' },
      now,
    );
    if (!result.moved) return;
    await this.dataSource.transaction((manager) =>
      this.attempts.recordFailure(manager, result.lease, state as AttemptOutcome, new Date(now), attemptErrorOf(state)),
    );
    await this.router.reroute(result.lease.messageId, result.lease.deviceId, result.lease.attempt + 1);
    await this.leases.dropDeadline(leaseId);
  }

  /** Closes an open lease as failed, drops the phone and routes the message again. */
  private async fail(
    leaseId: string,
    deviceId: string,
    failure: LeaseFailure,
    from: readonly ('pushed' | 'accepted')[],
    errorCode?: string,
    now = Date.now(),
    onlyIfDue = false,
    dropsPhone = true,
  ): Promise<boolean> {
    const result = await this.leases.move(
      leaseId,
      deviceId,
      // Closed, but with a backstop deadline until the message is routed again (rerouteLeftBehind).
      { from, to: closedStateOf(failure), deadline: now + REROUTE_BACKSTOP_MS, closes: true, stamp: 'finishedAt', ...(onlyIfDue && { dueBy: now }) },
      now,
    );
    if (!result.moved) {
      if (!onlyIfDue) await this.late(leaseId, failure);
      return false;
    }
    dispatchMetrics.leaseFailures.inc({ reason: failure });
    const { lease } = result;
    if (refundsQuota(failure, result.previous)) await this.pools.refundQuota(lease.deviceId, lease.leaseId);
    const gatewayLost = (failure === 'ack_timeout' || failure === 'send_timeout') && (await this.gatewayLost(lease));
    await this.dataSource.transaction((manager) =>
      this.attempts.recordFailure(manager, lease, closedStateOf(failure) as AttemptOutcome, new Date(now), gatewayLost ? GATEWAY_LOST : (errorCode ?? failure)),
    );
    if (dropsPhone && !gatewayLost) await this.health.dropFromPool(lease.deviceId, failure);
    await this.router.reroute(lease.messageId, lease.deviceId, lease.attempt + 1);
    await this.leases.dropDeadline(leaseId);
    return true;
  }

  /**
   * Whether the phone is connected through another gateway instance than the one its push went
   * through: that instance died (or dropped the phone) with the push or the phone's answer in it,
   * so the silence is the gateway's, not the phone's, and the phone keeps its place in the pools.
   */
  private async gatewayLost(lease: Lease): Promise<boolean> {
    if (lease.gatewayInstanceId === null) return false;
    const current = await this.pools.gatewayOf(lease.deviceId);
    return current !== null && current !== lease.gatewayInstanceId;
  }

  /** The phone's `sent`/`delivered`/`undelivered`: recorded with its status event, once per lease. */
  private settle(lease: Lease, outcome: SettledLease['outcome'], at: string, errorCode?: string): Promise<boolean> {
    const status: MessageStatus = outcome;
    return this.settled.record({ lease, outcome, status, at, ...(errorCode && { errorCode }), success: outcome === 'sent' });
  }

  /**
   * A report about a lease already moved to where this report would move it: a redelivery after
   * the commit failed (or a duplicate). Recorded again; counted late only if nothing was missing.
   */
  private async settleAgain(
    leaseId: string,
    outcomes: readonly (readonly [Lease, SettledLease['outcome'], string?])[],
    at: string,
  ): Promise<void> {
    const recorded = await Promise.all(outcomes.map(([lease, outcome, errorCode]) => this.settle(lease, outcome, at, errorCode)));
    if (!recorded.some(Boolean)) await this.late(leaseId, outcomes.at(-1)![1]);
  }

  private async late(leaseId: string, report: string): Promise<void> {
    // A canary has no lease in Redis: every report about it arrives here, and is its sender's claim.
    if (await this.canaries.noteReport(leaseId, report)) return;
    dispatchMetrics.lateReports.inc({ report });
    await this.attempts.recordLateReport(leaseId, report);
  }
}

/** The lease as the move found it, with the ack's time if only the batch knew it. */
function withAck(result: LeaseMoveResult, ackedAt: number | undefined): LeaseMoveResult {
  if (ackedAt === undefined || !result.lease || result.lease.ackedAt !== null) return result;
  return { ...result, lease: { ...result.lease, ackedAt } } as LeaseMoveResult;
}

/** The error code of an attempt whose failure is recorded by the backstop (its original reason is not kept). */
function attemptErrorOf(state: LeaseState): string {
  return state === 'timed_out' ? 'ack_timeout' : state;
}
