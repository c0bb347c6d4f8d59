import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { OrganizationStatus } from '@zagel/contracts';
import { OrganizationEntity } from '../identity/organization.entity';

/** Platform-wide queries over organizations (operators only), and one organization's status. */
@Injectable()
export class OrganizationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Oldest first; the cursor is the last id of the previous page (ids are UUIDv7, so creation order). */
  page(limit: number, status?: OrganizationStatus, cursor?: string): Promise<OrganizationEntity[]> {
    const query = this.dataSource.manager.createQueryBuilder(OrganizationEntity, 'org').orderBy('org.id', 'ASC').limit(limit);
    if (status) query.andWhere('org.status = :status', { status });
    if (cursor) query.andWhere('org.id > :cursor', { cursor });
    return query.getMany();
  }

  findForUpdate(manager: EntityManager, id: string): Promise<OrganizationEntity | null> {
    return manager.createQueryBuilder(OrganizationEntity, 'org').setLock('pessimistic_write').where('org.id = :id', { id }).getOne();
  }

  async setStatus(manager: EntityManager, id: string, status: OrganizationStatus, actorId: string): Promise<void> {
    const suspended = status === 'suspended';
    await manager.update(
      OrganizationEntity,
      { id },
      { status, suspendedAt: suspended ? new Date() : null, suspendedBy: suspended ? actorId : null },
    );
  }

  async suspendedIds(since?: Date): Promise<string[]> {
    const query = this.dataSource.manager
      .createQueryBuilder(OrganizationEntity, 'org')
      .select('org.id', 'id')
      .where(`org.status = 'suspended'`)
      .orderBy('org.id', 'ASC');
    if (since) query.andWhere('org.suspended_at >= :since', { since });
    const rows = await query.getRawMany<{ id: string }>();
    return rows.map((row) => row.id);
  }
}
