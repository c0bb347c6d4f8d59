import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  ApiKeyRevoked,
  ApiKeyRevokedPayload,
  MembershipRevoked,
  MembershipRevokedPayload,
  OrganizationStatusChanged,
  OrganizationStatusChangedPayload,
} from '@zagel/contracts';
import { ApiKeyCache } from './api-key-cache';
import { RevokedMemberships } from './revoked-memberships';
import { SuspendedOrganizations } from './suspended-organizations';

/** Auth's announcements that end credentials early: the gateway forgets or refuses them from then on. */
@Controller()
export class AuthenticationController {
  constructor(
    private readonly apiKeys: ApiKeyCache,
    private readonly memberships: RevokedMemberships,
    private readonly organizations: SuspendedOrganizations,
  ) {}

  @EventPattern(ApiKeyRevoked.type)
  apiKeyRevoked(@Payload() event: ApiKeyRevokedPayload) {
    return this.apiKeys.forget(event.apiKeyId);
  }

  @EventPattern(MembershipRevoked.type)
  membershipRevoked(@Payload() event: MembershipRevokedPayload) {
    return this.memberships.remember(event);
  }

  @EventPattern(OrganizationStatusChanged.type)
  organizationStatusChanged(@Payload() event: OrganizationStatusChangedPayload) {
    return this.organizations.statusChanged(event);
  }
}
