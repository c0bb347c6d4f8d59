import { defineService } from '@zagel/service';
import { ApiGatewayConfig } from './config';

/** The api-gateway service: its settings and its feature modules. */
export const apiGatewayApp = defineService({
  service: 'api-gateway',
  settingsClass: ApiGatewayConfig,
  features: [],
});
