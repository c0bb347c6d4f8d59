import { PlatformConfig, SERVICE_PORTS } from '@zagel/config';

/** otp settings: the platform's, plus its own as features arrive. */
export class OtpConfig extends PlatformConfig {
  override PORT: number = SERVICE_PORTS['otp'];
}
