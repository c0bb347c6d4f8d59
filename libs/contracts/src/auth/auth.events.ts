import { IsDateString, IsIn, IsUUID } from 'class-validator';
import { defineEvent } from '../contract';
import { EventType } from '../routing-keys';
import { ORGANIZATION_STATUSES, OrganizationStatus } from './identity';

export class ApiKeyRevokedPayload {
  @IsUUID()
  apiKeyId: string;

  @IsUUID()
  organizationId: string;

  @IsDateString()
  at: string;
}

export class OrganizationStatusChangedPayload {
  @IsUUID()
  organizationId: string;

  @IsIn(ORGANIZATION_STATUSES)
  status: OrganizationStatus;

  @IsUUID()
  actorId: string;

  @IsDateString()
  at: string;
}

export class DeviceTokenRevokedPayload {
  @IsUUID()
  deviceId: string;

  @IsDateString()
  at: string;
}

export class MembershipRevokedPayload {
  @IsUUID()
  organizationId: string;

  @IsUUID()
  userId: string;

  @IsDateString()
  at: string;
}

/** Gateways drop the key from their caches at once. */
export const ApiKeyRevoked = defineEvent(EventType.ApiKeyRevoked, 1, ApiKeyRevokedPayload);
/** A suspended organization's keys and tokens stop working everywhere. */
export const OrganizationStatusChanged = defineEvent(EventType.OrganizationStatusChanged, 1, OrganizationStatusChangedPayload);
/** The device-gateway disconnects the phone and refuses the token from now on. */
export const DeviceTokenRevoked = defineEvent(EventType.DeviceTokenRevoked, 1, DeviceTokenRevokedPayload);
/** A removed member's access tokens, still unexpired, stop acting for the organization at once. */
export const MembershipRevoked = defineEvent(EventType.MembershipRevoked, 1, MembershipRevokedPayload);
