import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DeliveryStatus } from '../sending/delivery-status';
import { PollPlan } from './poll-schedule';

/** One message whose fate is due to be asked of its provider. */
export interface DuePoll {
  providerId: string;
  providerMessageId: string;
  messageId: string;
  polls: number;
  giveUpAt: Date;
  /** The delivery's status now: only `sent` messages are polled. */
  status: DeliveryStatus;
}

/** Schedules the first poll of accepted messages, inside the transaction that records them `sent`. */
export async function schedulePolls(
  manager: EntityManager,
  providerId: string,
  accepted: { messageId: string; providerMessageId: string }[],
  plan: PollPlan,
): Promise<void> {
  if (accepted.length === 0) return;
  await manager.query(
    `INSERT INTO delivery_polls (provider_id, provider_message_id, message_id, due_at, give_up_at)
     SELECT $1, * FROM unnest($2::text[], $3::uuid[]) CROSS JOIN (VALUES ($4::timestamptz, $5::timestamptz)) AS plan
     ON CONFLICT DO NOTHING`,
    [providerId, accepted.map((a) => a.providerMessageId), accepted.map((a) => a.messageId), plan.dueAt, plan.giveUpAt],
  );
}

/**
 * The pending polls. A claim moves the rows' due time past a lease, so another instance (or this one after a
 * crash) takes them again only if the round never finished; every round ends by rescheduling or removing them.
 */
@Injectable()
export class DeliveryPollsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async claimDue(limit: number, leaseMs: number): Promise<DuePoll[]> {
    // UPDATE ... RETURNING through TypeORM answers [rows, affected].
    const [rows] = (await this.db.query(
      `WITH due AS (
         SELECT provider_id, provider_message_id FROM delivery_polls WHERE due_at <= now()
         ORDER BY due_at LIMIT $1::int FOR UPDATE SKIP LOCKED)
       UPDATE delivery_polls p SET due_at = now() + $2::int * interval '1 millisecond'
       FROM due, deliveries d
       WHERE p.provider_id = due.provider_id AND p.provider_message_id = due.provider_message_id AND d.message_id = p.message_id
       RETURNING p.provider_id, p.provider_message_id, p.message_id, p.polls, p.give_up_at, d.status`,
      [limit, leaseMs],
    )) as [Record<string, unknown>[], number];
    return rows.map((row) => ({
      providerId: row.provider_id as string,
      providerMessageId: row.provider_message_id as string,
      messageId: row.message_id as string,
      polls: row.polls as number,
      giveUpAt: row.give_up_at as Date,
      status: row.status as DeliveryStatus,
    }));
  }

  async reschedule(providerId: string, next: { providerMessageId: string; dueAt: Date }[]): Promise<void> {
    if (next.length === 0) return;
    await this.db.query(
      `UPDATE delivery_polls p SET polls = p.polls + 1, due_at = n.due_at
       FROM unnest($2::text[], $3::timestamptz[]) AS n (provider_message_id, due_at)
       WHERE p.provider_id = $1 AND p.provider_message_id = n.provider_message_id`,
      [providerId, next.map((n) => n.providerMessageId), next.map((n) => n.dueAt)],
    );
  }

  async remove(providerId: string, providerMessageIds: string[]): Promise<void> {
    if (providerMessageIds.length === 0) return;
    await this.db.query(`DELETE FROM delivery_polls WHERE provider_id = $1 AND provider_message_id = ANY($2::text[])`, [providerId, providerMessageIds]);
  }

}
