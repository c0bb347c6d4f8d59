import { PlatformConfig, SERVICE_PORTS } from '@zagel/config';

/** pool-dispatcher settings: the platform's, plus its own as features arrive. */
export class PoolDispatcherConfig extends PlatformConfig {
  override PORT: number = SERVICE_PORTS['pool-dispatcher'];
}
