import { defineService } from '@zagel/service';
import { DeviceGatewayConfig } from './config';
import { DevicesModule } from './devices/devices.module';

/** The device-gateway service: its settings and its feature modules. */
export const deviceGatewayApp = defineService({
  service: 'device-gateway',
  settingsClass: DeviceGatewayConfig,
  features: [DevicesModule],
});
