import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ApiKeyView } from '@zagel/contracts';
import { ApiKeyEntity } from './api-key.entity';

export function toApiKeyView(key: ApiKeyEntity): ApiKeyView {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    scopes: key.scopes,
    createdAt: key.createdAt.toISOString(),
    ...(key.lastUsedAt ? { lastUsedAt: key.lastUsedAt.toISOString() } : {}),
    ...(key.createdBy ? { createdBy: key.createdBy } : {}),
  };
}

/** Every query about an organization's keys names the organization; only resolution goes by hash. */
@Injectable()
export class ApiKeysRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(key: Omit<ApiKeyEntity, 'createdAt' | 'lastUsedAt' | 'revokedAt'>, manager: EntityManager = this.dataSource.manager): Promise<ApiKeyEntity> {
    await manager.insert(ApiKeyEntity, key);
    return manager.findOneByOrFail(ApiKeyEntity, { id: key.id, organizationId: key.organizationId });
  }

  /** Live keys, newest first; the cursor is the last id of the previous page. */
  listLive(organizationId: string, limit: number, cursor?: string): Promise<ApiKeyEntity[]> {
    const query = this.dataSource.manager
      .createQueryBuilder(ApiKeyEntity, 'key')
      .where('key.organization_id = :organizationId AND key.revoked_at IS NULL', { organizationId })
      .orderBy('key.id', 'DESC')
      .limit(limit);
    if (cursor) query.andWhere('key.id < :cursor', { cursor });
    return query.getMany();
  }

  /** Revokes a live key of the organization; null if it has no such key (or it is revoked already). */
  async revoke(manager: EntityManager, organizationId: string, id: string): Promise<Date | null> {
    const rows = (await manager.query(
      `UPDATE api_keys SET revoked_at = now() WHERE organization_id = $1 AND id = $2 AND revoked_at IS NULL RETURNING revoked_at`,
      [organizationId, id],
    )) as [{ revoked_at: Date }[], number];
    return rows[0][0]?.revoked_at ?? null;
  }

  findByHash(keyHash: string): Promise<ApiKeyEntity | null> {
    return this.dataSource.manager.findOneBy(ApiKeyEntity, { keyHash });
  }

  /** Records use, at most once a minute per key, so resolving stays a read almost always. */
  async touch(id: string, organizationId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE api_keys SET last_used_at = now()
       WHERE id = $1 AND organization_id = $2 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [id, organizationId],
    );
  }
}
