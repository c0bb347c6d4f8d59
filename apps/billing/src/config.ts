import { PlatformConfig, SERVICE_PORTS } from '@zagel/config';

/** billing settings: the platform's, plus its own as features arrive. */
export class BillingConfig extends PlatformConfig {
  override PORT: number = SERVICE_PORTS['billing'];
}
