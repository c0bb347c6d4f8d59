import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { ProviderRoutesRepository } from '../routes/provider-routes.repository';
import { ProviderAccountsRepository } from './provider-accounts.repository';
import { ProviderCatalog } from './provider-catalog';

/** Any fixed key: instances starting together bootstrap once. */
const BOOTSTRAP_LOCK = 7_330_201;

/**
 * On a fresh start (no provider account at all) creates a `simulator` account and a `*` route to it,
 * so a new platform sends out of the box; operators replace both with real providers.
 */
@Injectable()
export class BootstrapDefaultProvider implements OnApplicationBootstrap {
  private readonly logger = new Logger(BootstrapDefaultProvider.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly accounts: ProviderAccountsRepository,
    private readonly routes: ProviderRoutesRepository,
    private readonly catalog: ProviderCatalog,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.query(`SELECT pg_advisory_lock($1)`, [BOOTSTRAP_LOCK]);
      if ((await this.accounts.count()) > 0) return;
      const now = new Date();
      const id = uuidv7();
      await this.accounts.insert({
        id,
        name: 'simulator',
        kind: 'simulator',
        settings: { reportDelayMs: 1_000 },
        enabled: true,
        rateLimitPerSecond: null,
        maxConcurrency: null,
        maxSegments: null,
        senderId: null,
        createdAt: now,
        updatedAt: now,
      });
      await this.routes.save({ id: uuidv7(), country: '*', messageType: null, organizationId: null, providers: [id], senders: [], createdAt: now, updatedAt: now });
      this.catalog.invalidate();
      this.logger.log('no provider accounts: created the simulator account and a * route to it');
    } finally {
      await runner.query(`SELECT pg_advisory_unlock($1)`, [BOOTSTRAP_LOCK]).catch(() => undefined);
      await runner.release();
    }
  }
}
