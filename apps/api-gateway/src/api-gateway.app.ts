import { defineService } from '@zagel/service';
import { AdminOrganizationsModule } from './admin-organizations/admin-organizations.module';
import { DevicesModule } from './devices/devices.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { ServiceRpcModule } from './service-rpc/service-rpc';
import { ApiGatewayConfig } from './config';
import { MembersModule } from './members/members.module';
import { PingModule } from './ping/ping.module';
import { PlatformHealthModule } from './platform-health/platform-health.module';
import { ProfileModule } from './profile/profile.module';
import { configurePublicHttp } from './public-http/configure-public-http';
import { PublicEdgeModule } from './public-http/public-edge.module';
import { SessionsModule } from './sessions/sessions.module';
import { SigningKeysModule } from './signing-keys/signing-keys.module';

/** The api-gateway service: its settings and its feature modules. */
export const apiGatewayApp = defineService({
  service: 'api-gateway',
  settingsClass: ApiGatewayConfig,
  features: [
    PlatformHealthModule,
    PublicEdgeModule,
    ServiceRpcModule,
    SessionsModule,
    ProfileModule,
    ApiKeysModule,
    MembersModule,
    AdminOrganizationsModule,
    SigningKeysModule,
    PingModule,
    DevicesModule,
  ],
  configureHttp: configurePublicHttp,
});
