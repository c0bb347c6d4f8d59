import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ProviderSenderConfig } from '../config';
import { SecretBox, secretsKeyFrom } from '../secrets/secret-box';
import { ProviderAccount } from './provider-account';

interface AccountRow {
  id: string;
  name: string;
  kind: string;
  sealed_settings: string;
  enabled: boolean;
  rate_limit_per_second: number | null;
  max_concurrency: number | null;
  max_segments: number | null;
  sender_id: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, name, kind, sealed_settings, enabled, rate_limit_per_second, max_concurrency, max_segments,
  sender_id, created_at, updated_at`;

/** Provider accounts; settings (credentials included) are sealed with the secrets key before they reach the table. */
@Injectable()
export class ProviderAccountsRepository {
  private readonly box: SecretBox;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    settings: ProviderSenderConfig,
  ) {
    this.box = new SecretBox(secretsKeyFrom(settings));
  }

  async list(): Promise<ProviderAccount[]> {
    const rows: AccountRow[] = await this.db.query(`SELECT ${COLUMNS} FROM provider_accounts ORDER BY name`);
    return rows.map((row) => this.fromRow(row));
  }

  async find(idOrName: string): Promise<ProviderAccount | undefined> {
    const byId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrName);
    const rows: AccountRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM provider_accounts WHERE ${byId ? 'id = $1' : 'name = $1'}`,
      [idOrName],
    );
    return rows[0] && this.fromRow(rows[0]);
  }

  async count(): Promise<number> {
    const [row] = (await this.db.query(`SELECT count(*)::int AS count FROM provider_accounts`)) as { count: number }[];
    return row.count;
  }

  /** Inserts the account; false when the name is taken. */
  async insert(account: ProviderAccount): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `INSERT INTO provider_accounts (id, name, kind, sealed_settings, enabled, rate_limit_per_second, max_concurrency,
         max_segments, sender_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
       ON CONFLICT (name) DO NOTHING RETURNING id`,
      [
        account.id,
        account.name,
        account.kind,
        this.seal(account),
        account.enabled,
        account.rateLimitPerSecond,
        account.maxConcurrency,
        account.maxSegments,
        account.senderId,
        account.createdAt,
      ],
    );
    return rows.length === 1;
  }

  async update(account: ProviderAccount): Promise<void> {
    await this.db.query(
      `UPDATE provider_accounts SET sealed_settings = $2, enabled = $3, rate_limit_per_second = $4, max_concurrency = $5,
         max_segments = $6, sender_id = $7, updated_at = $8 WHERE id = $1`,
      [
        account.id,
        this.seal(account),
        account.enabled,
        account.rateLimitPerSecond,
        account.maxConcurrency,
        account.maxSegments,
        account.senderId,
        account.updatedAt,
      ],
    );
  }

  async delete(id: string): Promise<boolean> {
    const [, affected] = (await this.db.query(`DELETE FROM provider_accounts WHERE id = $1`, [id])) as [unknown, number];
    return affected > 0;
  }

  private seal(account: ProviderAccount): string {
    return this.box.seal(JSON.stringify(account.settings), account.id);
  }

  private fromRow(row: AccountRow): ProviderAccount {
    return {
      id: row.id,
      name: row.name,
      kind: row.kind,
      settings: JSON.parse(this.box.open(row.sealed_settings, row.id)) as Record<string, unknown>,
      enabled: row.enabled,
      rateLimitPerSecond: row.rate_limit_per_second,
      maxConcurrency: row.max_concurrency,
      maxSegments: row.max_segments,
      senderId: row.sender_id,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}
