import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SigningKeyMaterial, SIGNING_ALGORITHM } from './jwt';
import { SigningKeyEntity } from './signing-key.entity';

@Injectable()
export class SigningKeysRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Runs `work` holding the signing-key lock, so two replicas never rotate at once. */
  locked<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('zagel.auth.signing-keys'))`);
      return work(manager);
    });
  }

  current(manager: EntityManager = this.dataSource.manager): Promise<SigningKeyEntity | null> {
    return manager.createQueryBuilder(SigningKeyEntity, 'key').where('key.retired_at IS NULL').getOne();
  }

  async replaceCurrent(manager: EntityManager, key: SigningKeyMaterial): Promise<void> {
    await manager.query(`UPDATE signing_keys SET retired_at = now() WHERE retired_at IS NULL`);
    await manager.insert(SigningKeyEntity, { ...key, algorithm: SIGNING_ALGORITHM });
  }

  /** The current key and those retired less than `graceSeconds` ago, newest first. */
  published(graceSeconds: number): Promise<SigningKeyEntity[]> {
    return this.dataSource.manager
      .createQueryBuilder(SigningKeyEntity, 'key')
      .where(`key.retired_at IS NULL OR key.retired_at > now() - make_interval(secs => :grace)`, { grace: graceSeconds })
      .orderBy('key.created_at', 'DESC')
      .getMany();
  }
}
