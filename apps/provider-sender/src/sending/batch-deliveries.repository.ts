import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { schedulePolls } from '../polling/delivery-polls.repository';
import { PollPlan } from '../polling/poll-schedule';
import { DeliveryStatus } from './delivery-status';
import { StatusChange, transitionDeliveries } from './delivery-transitions';

/** A batch recipient's delivery as it stands before this handling. */
export interface BatchDelivery {
  messageId: string;
  position: number;
  status: DeliveryStatus;
  chain: string[];
  /** Attempts recorded before (by an earlier handling of the batch, or by a retry). */
  attempts: number;
}

export interface PlannedAttempt {
  messageId: string;
  /** The delivery's position the plan started from: a try further down the chain moves it. */
  from: number;
  chainPosition: number;
  providerId: string;
  providerName: string;
}

export type AttemptResult =
  | { attemptId: string; messageId: string; state: 'accepted'; providerMessageId: string; latencyMs: number }
  | { attemptId: string; messageId: string; state: 'failed'; errorCode: string; latencyMs: number };

/**
 * The batch path's persistence: a constant number of statements per batch, whatever its size. The
 * guarantees are the single path's (DeliveriesRepository): a try is recorded (committed) before the
 * provider is called, so a redelivered batch never submits a recipient twice, and an early report is
 * applied when the submit response names its id.
 */
@Injectable()
export class BatchDeliveriesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Every recipient's delivery, created (as bulk) with its chain the first time it is seen.
   *
   * Here and below, rows of a large table are named by `= ANY(ids)` (an index condition on the key),
   * never only by a join with the batch's list: fresh tables have no statistics, and such a join is
   * then planned as a hash of the whole table, read again for every batch. Where a filter on a column
   * whose statistics are stale joins in (`status = 'pending'`: most deliveries were sent when the
   * table was last analyzed), a `LATERAL (… LIMIT 1)` probes the key per recipient: as a join it was
   * planned as 500 × 500 comparisons (50 ms a batch at 100k rows). A position moves only for the
   * recipients that go further down their chain (`movingIds`, usually none), so its update names few
   * rows: over all of them it was planned either as a hash of the whole table or with the id list
   * re-sorted for each probe (38 ms a batch).
   */
  async open(organizationId: string, recipients: { messageId: string; chain: string[] }[]): Promise<Map<string, BatchDelivery>> {
    const rows: { message_id: string; position: number; status: DeliveryStatus; chain: string[]; attempts: number }[] = await this.db.query(
      `WITH created AS (
         INSERT INTO deliveries (message_id, organization_id, chain, position, bulk)
         SELECT message_id, $1, chain::uuid[], 0, true FROM unnest($2::uuid[], $3::text[]) AS i (message_id, chain)
         ON CONFLICT (message_id) DO NOTHING RETURNING message_id, chain)
       SELECT d.message_id, d.position, d.status, d.chain,
         (SELECT count(*)::int FROM attempts a WHERE a.message_id = d.message_id) AS attempts
       FROM deliveries d
       WHERE d.message_id = ANY($2::uuid[]) AND d.organization_id = $1 AND d.message_id NOT IN (SELECT message_id FROM created)
       UNION ALL
       SELECT message_id, 0, 'pending', chain, 0 FROM created`,
      [organizationId, recipients.map((r) => r.messageId), recipients.map((r) => `{${r.chain.join(',')}}`)],
    );
    return new Map(
      rows.map((row) => [row.message_id, { messageId: row.message_id, position: row.position, status: row.status, chain: row.chain, attempts: row.attempts }]),
    );
  }

  /**
   * Records tries about to be submitted, committed before any provider is called; returns the
   * attempt id of each one recorded now (a try recorded before, or a delivery no longer pending, is left out).
   */
  async recordSubmitting(planned: PlannedAttempt[]): Promise<Map<string, string>> {
    if (planned.length === 0) return new Map();
    const moving = movingIds(planned);
    const rows: { id: string; message_id: string }[] = await this.db.query(
      `WITH planned AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::uuid[], $5::text[]) AS p (id, message_id, chain_position, provider_id, provider_name)),
       attempt AS (
         INSERT INTO attempts (id, message_id, chain_position, try, provider_id, provider_name, state)
         SELECT p.id, p.message_id, p.chain_position, 1, p.provider_id, p.provider_name, 'submitting'
         FROM planned p CROSS JOIN LATERAL (SELECT 1 FROM deliveries d WHERE d.message_id = p.message_id AND d.status = 'pending' LIMIT 1) pending
         ON CONFLICT (message_id, chain_position, try) DO NOTHING RETURNING id, message_id, chain_position)${
           moving.length > 0
             ? `,
       moved AS (
         UPDATE deliveries d SET position = a.chain_position, updated_at = now() FROM attempt a
         WHERE d.message_id = a.message_id AND d.message_id = ANY($6::uuid[]) AND d.position <> a.chain_position)`
             : ''
         }
       SELECT id, message_id FROM attempt`,
      [
        planned.map(() => uuidv7()),
        planned.map((p) => p.messageId),
        planned.map((p) => p.chainPosition),
        planned.map((p) => p.providerId),
        planned.map((p) => p.providerName),
        ...(moving.length > 0 ? [moving] : []),
      ],
    );
    return new Map(rows.map((row) => [row.message_id, row.id]));
  }

  /**
   * Providers passed over without a submit (the recipient's template has no code there, a later one of the
   * chain has): each recorded as a failed first try with the reason, so the trail says why, with one statement.
   */
  async recordPassedOver(passed: PlannedAttempt[], reason: string): Promise<void> {
    if (passed.length === 0) return;
    await this.db.query(
      `WITH planned AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::uuid[], $5::text[]) AS p (id, message_id, chain_position, provider_id, provider_name)),
       attempt AS (
         INSERT INTO attempts (id, message_id, chain_position, try, provider_id, provider_name, state, error_code, latency_ms)
         SELECT p.id, p.message_id, p.chain_position, 1, p.provider_id, p.provider_name, 'failed', $6, 0
         FROM planned p CROSS JOIN LATERAL (SELECT 1 FROM deliveries d WHERE d.message_id = p.message_id AND d.status = 'pending' LIMIT 1) pending
         ON CONFLICT (message_id, chain_position, try) DO NOTHING RETURNING message_id, chain_position)
       UPDATE deliveries d SET position = a.chain_position, updated_at = now() FROM attempt a
       WHERE d.message_id = a.message_id AND d.message_id = ANY($7::uuid[]) AND d.position < a.chain_position`,
      [
        passed.map(() => uuidv7()),
        passed.map((p) => p.messageId),
        passed.map((p) => p.chainPosition),
        passed.map((p) => p.providerId),
        passed.map((p) => p.providerName),
        reason,
        movingIds(passed),
      ],
    );
  }

  /**
   * The submit outcomes of a batch, in one transaction: attempts updated with one statement, accepted
   * messages `sent` (with the reports that came before the response applied after it), and every
   * final change of `finished` recipients, announced together.
   */
  async recordOutcomes(
    provider: { id: string; name: string } | undefined,
    results: AttemptResult[],
    finished: { messageId: string; change: StatusChange }[] = [],
    poll?: PollPlan,
  ): Promise<void> {
    if (results.length === 0 && finished.length === 0) return;
    await this.db.transaction(async (manager) => {
      await manager.query('SET LOCAL synchronous_commit = off');
      const accepted = results.filter((result) => result.state === 'accepted');
      if (provider && accepted.length > 0) {
        // The same locks as a report's (DeliveriesRepository.applyReport), taken in one order.
        await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest($1::text[]) AS k ORDER BY k`, [
          accepted.map((result) => `${provider.id}:${result.providerMessageId}`),
        ]);
      }
      if (results.length > 0) {
        await manager.query(
          `UPDATE attempts a SET state = r.state, provider_message_id = r.provider_message_id, error_code = r.error_code,
             latency_ms = r.latency_ms, updated_at = now()
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[]) AS r (id, state, provider_message_id, error_code, latency_ms)
           WHERE a.id = r.id AND a.id = ANY($1::uuid[])`,
          [
            results.map((r) => r.attemptId),
            results.map((r) => r.state),
            results.map((r) => (r.state === 'accepted' ? r.providerMessageId : null)),
            results.map((r) => (r.state === 'failed' ? r.errorCode.slice(0, 64) : null)),
            results.map((r) => Math.round(r.latencyMs)),
          ],
        );
      }
      const changes: { messageId: string; change: StatusChange }[] = [];
      if (provider && accepted.length > 0) {
        const byProviderId = new Map(accepted.map((result) => [result.providerMessageId, result.messageId]));
        const [early] = (await manager.query(
          `DELETE FROM early_reports WHERE provider_id = $1 AND provider_message_id = ANY($2::text[])
           RETURNING provider_message_id, status, error_code, reported_at`,
          [provider.id, [...byProviderId.keys()]],
        )) as [{ provider_message_id: string; status: DeliveryStatus; error_code: string | null; reported_at: Date }[], number];
        if (poll) await schedulePolls(manager, provider.id, accepted, poll);
        const base = { provider: provider.name, providerId: provider.id };
        for (const result of accepted) {
          changes.push({ messageId: result.messageId, change: { ...base, status: 'sent', providerMessageId: result.providerMessageId } });
        }
        for (const report of early.sort((a, b) => a.reported_at.getTime() - b.reported_at.getTime())) {
          changes.push({
            messageId: byProviderId.get(report.provider_message_id) as string,
            change: {
              ...base,
              status: report.status,
              providerMessageId: report.provider_message_id,
              ...(report.error_code !== null && { errorCode: report.error_code }),
              at: report.reported_at,
            },
          });
        }
      }
      await transitionDeliveries(manager, [...changes, ...finished]);
    });
  }

  /** Ends these deliveries without a provider taking them (no route). */
  async finish(finished: { messageId: string; change: StatusChange }[]): Promise<void> {
    if (finished.length === 0) return;
    await this.db.transaction((manager) => transitionDeliveries(manager, finished));
  }
}

/** The recipients whose try is further down the chain than their delivery's position. */
function movingIds(planned: readonly PlannedAttempt[]): string[] {
  return planned.filter((p) => p.chainPosition !== p.from).map((p) => p.messageId);
}
