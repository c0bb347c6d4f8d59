import { runService } from '@zagel/service';
import { apiGatewayApp } from './api-gateway.app';

runService(apiGatewayApp);
