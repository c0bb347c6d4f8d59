/**
 * Every name on the bus, in one place. Events are routing keys on the topic exchange
 * (`aggregate.event`); commands and RPCs are addressed to one service.
 */
export enum EventType {
  MessageRequested = 'message.requested',
  MessageStatus = 'message.status',
  OtpVerified = 'otp.verified',
  DeviceOnline = 'device.online',
  DeviceOffline = 'device.offline',
  ApiKeyRevoked = 'auth.api-key-revoked',
  OrganizationStatusChanged = 'auth.organization-status-changed',
  DeviceTokenRevoked = 'auth.device-token-revoked',
  MembershipRevoked = 'auth.membership-revoked',
  DeviceSendAcked = 'device.send-acked',
  DeviceSmsStatus = 'device.sms-status',
  DeviceHeartbeat = 'device.heartbeat',
  DeviceLeaseReturned = 'device.lease-returned',
}

export enum CommandType {
  SendViaProvider = 'provider.send',
  PushToDevice = 'device.push',
  DisconnectDevice = 'device.disconnect',
  ConfigureDevice = 'device.configure',
}

export enum RpcType {
  Ping = 'system.ping',
  Register = 'auth.register',
  Login = 'auth.login',
  RefreshSession = 'auth.refresh-session',
  Logout = 'auth.logout',
  GetProfile = 'auth.get-profile',
  UpdateProfile = 'auth.update-profile',
  CreateApiKey = 'auth.create-api-key',
  ListApiKeys = 'auth.list-api-keys',
  RevokeApiKey = 'auth.revoke-api-key',
  ResolveApiKey = 'auth.resolve-api-key',
  InviteMember = 'auth.invite-member',
  ListMembers = 'auth.list-members',
  RemoveMember = 'auth.remove-member',
  ListOrganizations = 'auth.list-organizations',
  SetOrganizationStatus = 'auth.set-organization-status',
  ListSuspendedOrganizations = 'auth.list-suspended-organizations',
  GetSigningKeys = 'auth.get-signing-keys',
  IssueDeviceToken = 'auth.issue-device-token',
  RevokeDeviceToken = 'auth.revoke-device-token',
  ReserveBalance = 'billing.reserve',
  ReserveMany = 'billing.reserve-many',
  CaptureReservation = 'billing.capture',
  ReleaseReservation = 'billing.release',
  QuotePrice = 'billing.quote-price',
  RegisterDevice = 'pool-dispatcher.register-device',
  ListDevices = 'pool-dispatcher.list-devices',
  UpdateDevice = 'pool-dispatcher.update-device',
  DeleteDevice = 'pool-dispatcher.delete-device',
  AdminListDevices = 'pool-dispatcher.admin-list-devices',
  AdminUpdateDevice = 'pool-dispatcher.admin-update-device',
  AdminListPools = 'pool-dispatcher.admin-list-pools',
}
