import { runService } from '@zagel/service';
import { deviceGatewayApp } from './device-gateway.app';

runService(deviceGatewayApp);
