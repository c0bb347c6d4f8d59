import { PlatformConfig, SERVICE_PORTS } from '@zagel/config';

/** api-gateway settings: the platform's, plus its own as features arrive. */
export class ApiGatewayConfig extends PlatformConfig {
  override PORT: number = SERVICE_PORTS['api-gateway'];
}
