import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryRunner } from 'typeorm';

/**
 * Keeps one database session open for the life of the process. Tries are stamped with the process's
 * application_name (`attempts.recorded_by`); a pool may close its idle connections, so without this a
 * live process waiting on a slow provider could look gone and have its try resolved under it. A crash
 * (SIGKILL) closes the socket and the session disappears at once.
 */
@Injectable()
export class ProcessPresence implements OnApplicationBootstrap, OnApplicationShutdown {
  private session?: QueryRunner;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    this.session = this.db.createQueryRunner();
    await this.session.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.session?.release();
  }
}
