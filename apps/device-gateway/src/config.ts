import { PlatformConfig, SERVICE_PORTS } from '@zagel/config';

/** device-gateway settings: the platform's, plus its own as features arrive. */
export class DeviceGatewayConfig extends PlatformConfig {
  override PORT: number = SERVICE_PORTS['device-gateway'];
}
