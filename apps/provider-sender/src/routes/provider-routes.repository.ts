import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MessageType } from '@zagel/contracts';
import { ProviderRoute } from './provider-route';

interface RouteRow {
  id: string;
  country: string;
  message_type: MessageType | null;
  organization_id: string | null;
  providers: string[];
  senders: string[];
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, country, message_type, organization_id, providers, created_at, updated_at, senders';

function fromRow(row: RouteRow): ProviderRoute {
  return {
    id: row.id,
    country: row.country,
    messageType: row.message_type,
    organizationId: row.organization_id,
    providers: row.providers,
    senders: row.senders,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === '23505';
}

@Injectable()
export class ProviderRoutesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(): Promise<ProviderRoute[]> {
    const rows: RouteRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM provider_routes ORDER BY country, message_type NULLS FIRST, organization_id NULLS FIRST`,
    );
    return rows.map(fromRow);
  }

  async find(id: string): Promise<ProviderRoute | undefined> {
    const rows: RouteRow[] = await this.db.query(`SELECT ${COLUMNS} FROM provider_routes WHERE id = $1`, [id]);
    return rows[0] && fromRow(rows[0]);
  }

  /** Saves a new or changed route; false when another route has the same scope. */
  async save(route: ProviderRoute): Promise<boolean> {
    try {
      await this.db.query(
        `INSERT INTO provider_routes (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (id) DO UPDATE SET country = $2, message_type = $3, organization_id = $4, providers = $5, updated_at = $7, senders = $8`,
        [route.id, route.country, route.messageType, route.organizationId, route.providers, route.createdAt, route.updatedAt, route.senders],
      );
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async delete(id: string): Promise<boolean> {
    const [, affected] = (await this.db.query(`DELETE FROM provider_routes WHERE id = $1`, [id])) as [unknown, number];
    return affected > 0;
  }

  /** Routes that name the provider. */
  async usedBy(providerId: string): Promise<ProviderRoute[]> {
    const rows: RouteRow[] = await this.db.query(`SELECT ${COLUMNS} FROM provider_routes WHERE $1 = ANY(providers)`, [providerId]);
    return rows.map(fromRow);
  }
}
