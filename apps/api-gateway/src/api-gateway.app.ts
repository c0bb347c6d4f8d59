import { defineService } from '@zagel/service';
import { AdminOrganizationsModule } from './admin-organizations/admin-organizations.module';
import { AuditLogModule } from './audit-log/audit-log.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { DevicesModule } from './devices/devices.module';
import { CampaignsModule } from './campaigns/campaigns.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { BillingModule } from './billing/billing.module';
import { ServiceRpcModule } from './service-rpc/service-rpc';
import { ApiGatewayConfig } from './config';
import { MembersModule } from './members/members.module';
import { PingModule } from './ping/ping.module';
import { PlatformHealthModule } from './platform-health/platform-health.module';
import { PlatformOverviewModule } from './platform-overview/platform-overview.module';
import { ProfileModule } from './profile/profile.module';
import { configurePublicHttp } from './public-http/configure-public-http';
import { PublicEdgeModule } from './public-http/public-edge.module';
import { SessionsModule } from './sessions/sessions.module';
import { SigningKeysModule } from './signing-keys/signing-keys.module';
import { VerificationsModule } from './verifications/verifications.module';
import { MessagesModule } from './messages/messages.module';
import { TemplatesModule } from './templates/templates.module';
import { CustomerWebhooksModule } from './customer-webhooks/customer-webhooks.module';
import { OptOutsModule } from './opt-outs/opt-outs.controller';
import { InboundMessagesModule } from './inbound-messages/inbound-messages.module';
import { AnalyticsModule } from './analytics/analytics.controller';
import { PhoneNumbersModule } from './phone-numbers/phone-numbers.controller';
import { ProvidersAdminModule } from './providers-admin/providers-admin.module';
import { ProviderWebhooksModule } from './provider-webhooks/provider-webhooks.module';
import { TwilioCompatModule } from './twilio-compat/twilio-compat.module';
import { SmppServerModule } from './smpp-server/smpp-server.module';

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
    AuditLogModule,
    SigningKeysModule,
    PingModule,
    VerificationsModule,
    MessagesModule,
    TemplatesModule,
    CustomerWebhooksModule,
    OptOutsModule,
    InboundMessagesModule,
    AnalyticsModule,
    PhoneNumbersModule,
    BillingModule,
    ProvidersAdminModule,
    PlatformOverviewModule,
    ProviderWebhooksModule,
    DevicesModule,
    CampaignsModule,
    TwilioCompatModule,
    DashboardModule,
    SmppServerModule,
  ],
  configureHttp: configurePublicHttp,
  correlation: 'explicit',
});
