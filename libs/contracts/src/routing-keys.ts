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
}

export enum CommandType {
  SendViaProvider = 'provider.send',
  PushToDevice = 'device.push',
}

export enum RpcType {
  Ping = 'system.ping',
}
