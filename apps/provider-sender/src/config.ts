import { PlatformConfig, SERVICE_PORTS } from '@zagel/config';

/** provider-sender settings: the platform's, plus its own as features arrive. */
export class ProviderSenderConfig extends PlatformConfig {
  override PORT: number = SERVICE_PORTS['provider-sender'];
}
