import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { MessagePricing, ReservationStatus, ReservationView } from '@zagel/contracts';
import { returnedRows } from '../shared/pg-errors';

export interface ReservationRow {
  id: string;
  organization_id: string;
  account_id: string;
  reference: string;
  amount: string;
  captured_amount: string;
  status: ReservationStatus;
  pricing: MessagePricing | null;
  expires_at: Date;
}

/** The wallet a batch of reservations holds money on: one per insert, the one locked. */
export interface ReservationWallet {
  organizationId: string;
  accountId: string;
}

export interface NewReservation {
  id: string;
  reference: string;
  amount: number;
  pricing?: MessagePricing;
  expiresInSeconds: number;
}

const COLUMNS = 'id, organization_id, account_id, reference, amount, captured_amount, status, pricing, expires_at';

// The wallet once, and each distinct pricing once (a batch has a handful): ten thousand JSON documents
// escaped into an array literal cost more than the insert itself.
const INSERT_RESERVATIONS = `INSERT INTO reservations (id, organization_id, account_id, reference, amount, pricing, expires_at)
  SELECT r.id, $1::uuid, $2::uuid, r.reference, r.amount, ($3::jsonb[])[r.pricing], now() + make_interval(secs => r.ttl)
  FROM unnest($4::uuid[], $5::text[], $6::bigint[], $7::int[], $8::int[]) AS r(id, reference, amount, pricing, ttl)
  ON CONFLICT ON CONSTRAINT reservations_reference DO NOTHING`;

function insertParameters(wallet: ReservationWallet, reservations: NewReservation[]): unknown[] {
  const pricings = new Map<string, number>();
  const pricingIndex = (pricing: MessagePricing | undefined): number | null => {
    if (!pricing) return null;
    const json = JSON.stringify(pricing);
    if (!pricings.has(json)) pricings.set(json, pricings.size + 1);
    return pricings.get(json)!;
  };
  const indexes = reservations.map((r) => pricingIndex(r.pricing));
  return [
    wallet.organizationId,
    wallet.accountId,
    [...pricings.keys()],
    reservations.map((r) => r.id),
    reservations.map((r) => r.reference),
    reservations.map((r) => r.amount),
    indexes,
    reservations.map((r) => r.expiresInSeconds),
  ];
}

export function toReservationView(row: ReservationRow, currency: string): ReservationView {
  return {
    reservationId: row.id,
    organizationId: row.organization_id,
    reference: row.reference,
    amount: Number(row.amount),
    capturedAmount: Number(row.captured_amount),
    status: row.status,
    currency,
    expiresAt: row.expires_at.toISOString(),
  };
}

/** Reservations by (organization, reference): the caller's idempotency key. */
@Injectable()
export class ReservationsRepository {
  async find(manager: EntityManager, organizationId: string, reference: string, lock = false): Promise<ReservationRow | undefined> {
    const rows: ReservationRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM reservations WHERE organization_id = $1 AND reference = $2${lock ? ' FOR UPDATE' : ''}`,
      [organizationId, reference],
    );
    return rows[0];
  }

  findMany(manager: EntityManager, organizationId: string, references: string[]): Promise<ReservationRow[]> {
    return manager.query(`SELECT ${COLUMNS} FROM reservations WHERE organization_id = $1 AND reference = ANY($2::text[])`, [
      organizationId,
      references,
    ]);
  }

  /**
   * The reservations of these references: the open ones locked until the transaction ends, in id
   * order (a stable lock order); the closed ones read without a lock (a closed reservation never
   * changes again, and a status batch repeating an earlier one names hundreds of them).
   */
  async lockMany(manager: EntityManager, organizationId: string, references: string[]): Promise<ReservationRow[]> {
    const open: ReservationRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM reservations WHERE organization_id = $1 AND reference = ANY($2::text[]) AND status = 'open' ORDER BY id FOR UPDATE`,
      [organizationId, references],
    );
    if (open.length === references.length) return open;
    const locked = new Set(open.map((row) => row.reference));
    const rest = references.filter((reference) => !locked.has(reference));
    // Read after the locking read: a reservation a concurrent transaction closed meanwhile is seen closed here.
    return [...open, ...(await this.findMany(manager, organizationId, rest)).filter((row) => row.status !== 'open')];
  }

  /** Writes each row's closing status, captured amount and capturing ledger transaction, in one statement. */
  async closeMany(
    manager: EntityManager,
    rows: Pick<ReservationRow, 'id' | 'status' | 'captured_amount'>[],
    captureTransactions: ReadonlyMap<string, string> = new Map(),
  ): Promise<void> {
    await manager.query(
      `UPDATE reservations r SET status = c.status, captured_amount = c.captured_amount, capture_transaction_id = c.transaction_id, closed_at = now()
       FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::uuid[]) AS c(id, status, captured_amount, transaction_id)
       WHERE r.id = c.id AND r.id = ANY($1::uuid[])`,
      [rows.map((row) => row.id), rows.map((row) => row.status), rows.map((row) => row.captured_amount), rows.map((row) => captureTransactions.get(row.id) ?? null)],
    );
  }

  /** Which of these references hold a reservation already (new or closed). */
  async heldReferences(manager: EntityManager, organizationId: string, references: string[]): Promise<Set<string>> {
    const rows: { reference: string }[] = await manager.query(
      `SELECT reference FROM reservations WHERE organization_id = $1 AND reference = ANY($2::text[])`,
      [organizationId, references],
    );
    return new Set(rows.map((row) => row.reference));
  }

  /** Inserts the reservations like `insertMany`, answering only how many were inserted and their total. */
  async insertManyTotals(manager: EntityManager, wallet: ReservationWallet, reservations: NewReservation[]): Promise<{ count: number; amount: number }> {
    const [totals] = (await manager.query(
      `WITH inserted AS (${INSERT_RESERVATIONS} RETURNING amount)
       SELECT count(*)::int AS count, coalesce(sum(amount), 0)::bigint AS amount FROM inserted`,
      insertParameters(wallet, reservations),
    )) as { count: number; amount: string }[];
    return { count: totals.count, amount: Number(totals.amount) };
  }

  /** Inserts the reservations; those whose reference exists already are skipped (not returned). */
  insertMany(manager: EntityManager, wallet: ReservationWallet, reservations: NewReservation[]): Promise<ReservationRow[]> {
    return manager.query(`${INSERT_RESERVATIONS} RETURNING ${COLUMNS}`, insertParameters(wallet, reservations));
  }


  /** Expires up to `limit` overdue open reservations no other instance is working on; answers what they held, per wallet. */
  async expireOverdue(manager: EntityManager, limit: number): Promise<{ accountId: string; amount: number; count: number }[]> {
    const rows = returnedRows<{ account_id: string; amount: string }>(
      await manager.query(
        `WITH overdue AS (
           SELECT id FROM reservations WHERE status = 'open' AND expires_at <= now()
           ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED
         )
         UPDATE reservations r SET status = 'expired', closed_at = now()
         FROM overdue WHERE r.id = overdue.id
         RETURNING r.account_id, r.amount`,
        [limit],
      ),
    );
    const byAccount = new Map<string, { accountId: string; amount: number; count: number }>();
    for (const row of rows) {
      const entry = byAccount.get(row.account_id) ?? { accountId: row.account_id, amount: 0, count: 0 };
      entry.amount += Number(row.amount);
      entry.count += 1;
      byAccount.set(row.account_id, entry);
    }
    return [...byAccount.values()].sort((a, b) => a.accountId.localeCompare(b.accountId));
  }
}
