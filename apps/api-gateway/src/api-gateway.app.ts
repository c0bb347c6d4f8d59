import { defineService } from '@zagel/service';
import { ApiGatewayConfig } from './config';
import { PlatformHealthModule } from './platform-health/platform-health.module';
import { configurePublicHttp } from './public-http/configure-public-http';

/** The api-gateway service: its settings and its feature modules. */
export const apiGatewayApp = defineService({
  service: 'api-gateway',
  settingsClass: ApiGatewayConfig,
  features: [PlatformHealthModule],
  configureHttp: configurePublicHttp,
});
