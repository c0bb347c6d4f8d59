import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { MessageType, PricedRoute } from '@zagel/contracts';
import { returnedRows } from '../shared/pg-errors';

export interface PriceRow {
  id: string;
  country: string | null;
  route: PricedRoute | null;
  message_type: MessageType | null;
  unit_price: string;
  updated_at: Date;
}

const COLUMNS = 'id, country, route, message_type, unit_price, updated_at';

/** Prices per segment; a NULL column is a wildcard and the most specific row wins (country, then route, then type). */
@Injectable()
export class PricesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async unitPrice(country: string, route: PricedRoute, messageType: MessageType, manager: EntityManager = this.dataSource.manager): Promise<number | undefined> {
    const rows: { unit_price: string }[] = await manager.query(
      `SELECT unit_price FROM prices
       WHERE (country = $1 OR country IS NULL) AND (route = $2 OR route IS NULL) AND (message_type = $3 OR message_type IS NULL)
       ORDER BY country IS NULL, route IS NULL, message_type IS NULL
       LIMIT 1`,
      [country, route, messageType],
    );
    return rows[0] ? Number(rows[0].unit_price) : undefined;
  }

  list(country?: string): Promise<PriceRow[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM prices ${country ? 'WHERE country = $1 OR country IS NULL' : ''}
       ORDER BY country NULLS FIRST, route NULLS FIRST, message_type NULLS FIRST`,
      country ? [country] : [],
    );
  }

  async find(id: string): Promise<PriceRow | undefined> {
    const rows: PriceRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM prices WHERE id = $1`, [id]);
    return rows[0];
  }

  /** Undefined when a price for the same match exists. */
  async insert(price: { id: string; country?: string; route?: PricedRoute; messageType?: MessageType; unitPrice: number }): Promise<PriceRow | undefined> {
    const rows: PriceRow[] = await this.dataSource.query(
      `INSERT INTO prices (id, country, route, message_type, unit_price) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ON CONSTRAINT prices_match DO NOTHING RETURNING ${COLUMNS}`,
      [price.id, price.country ?? null, price.route ?? null, price.messageType ?? null, price.unitPrice],
    );
    return rows[0];
  }

  async update(id: string, unitPrice: number): Promise<PriceRow | undefined> {
    const rows = returnedRows<PriceRow>(
      await this.dataSource.query(`UPDATE prices SET unit_price = $2, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`, [id, unitPrice]),
    );
    return rows[0];
  }

  async delete(id: string): Promise<boolean> {
    const rows = returnedRows<{ id: string }>(await this.dataSource.query(`DELETE FROM prices WHERE id = $1 RETURNING id`, [id]));
    return rows.length === 1;
  }
}
