import { PlatformConfig, SERVICE_PORTS } from '@zagel/config';

/** auth settings: the platform's, plus its own as features arrive. */
export class AuthConfig extends PlatformConfig {
  override PORT: number = SERVICE_PORTS['auth'];
}
