import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { returnedRows } from '../shared/pg-errors';

export interface AllowanceRow {
  id: string;
  organization_id: string;
  account_id: string;
  seq: string;
  granted: string;
  captured: string;
  returned: string;
  status: 'open' | 'closed';
  expires_at: Date;
}

const COLUMNS = 'id, organization_id, account_id, seq, granted, captured, returned, status, expires_at';

/** Allowances and their settlements. Lock the wallet before an allowance row: the order every writer keeps. */
@Injectable()
export class AllowancesRepository {
  async openOf(manager: EntityManager, organizationId: string, lock = false): Promise<AllowanceRow | undefined> {
    const rows: AllowanceRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM allowances WHERE organization_id = $1 AND status = 'open'${lock ? ' FOR UPDATE' : ''}`,
      [organizationId],
    );
    return rows[0];
  }

  async find(manager: EntityManager, id: string, lock = false): Promise<AllowanceRow | undefined> {
    const rows: AllowanceRow[] = await manager.query(`SELECT ${COLUMNS} FROM allowances WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return rows[0];
  }

  /** A new open allowance, numbered after the organization's previous ones (the caller holds the wallet's lock). */
  async open(manager: EntityManager, allowance: { id: string; organizationId: string; accountId: string; ttlSeconds: number }): Promise<AllowanceRow> {
    const rows: AllowanceRow[] = await manager.query(
      `INSERT INTO allowances (id, organization_id, account_id, seq, expires_at)
       SELECT $1, $2, $3, coalesce(max(seq), 0) + 1, now() + make_interval(secs => $4) FROM allowances WHERE organization_id = $2
       RETURNING ${COLUMNS}`,
      [allowance.id, allowance.organizationId, allowance.accountId, allowance.ttlSeconds],
    );
    return rows[0];
  }

  async addGrant(manager: EntityManager, id: string, amount: number): Promise<void> {
    await manager.query(`UPDATE allowances SET granted = granted + $2 WHERE id = $1`, [id, amount]);
  }

  /** Records a settlement once: false if it was recorded before. */
  async recordSettlement(manager: EntityManager, settlement: { id: string; allowanceId: string; spent: number; closes: boolean }): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO allowance_settlements (id, allowance_id, spent, closes) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [settlement.id, settlement.allowanceId, settlement.spent, settlement.closes],
    );
    return rows.length === 1;
  }

  async linkTransaction(manager: EntityManager, settlementId: string, transactionId: string): Promise<void> {
    await manager.query(`UPDATE allowance_settlements SET transaction_id = $2 WHERE id = $1`, [settlementId, transactionId]);
  }

  async addCaptured(manager: EntityManager, id: string, amount: number): Promise<void> {
    await manager.query(`UPDATE allowances SET captured = captured + $2 WHERE id = $1`, [id, amount]);
  }

  /** Closes the allowance: what it still holds is returned. Answers that amount. */
  async close(manager: EntityManager, id: string): Promise<number> {
    const [row] = returnedRows<{ returned: string }>(
      await manager.query(
        `UPDATE allowances SET returned = granted - captured, status = 'closed', closed_at = now() WHERE id = $1 AND status = 'open' RETURNING returned`,
        [id],
      ),
    );
    return row ? Number(row.returned) : 0;
  }

  /** Open allowances to settle, and whether each has expired (then it is closed). */
  listOpen(manager: EntityManager, limit: number): Promise<{ id: string; organization_id: string; seq: string; expired: boolean }[]> {
    return manager.query(`SELECT id, organization_id, seq, expires_at <= now() AS expired FROM allowances WHERE status = 'open' ORDER BY id LIMIT $1`, [limit]);
  }
}
