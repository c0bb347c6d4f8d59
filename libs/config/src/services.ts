/** The eight Zagel services and the port each listens on by default (HTTP: API, health, metrics). */
export const SERVICE_PORTS = {
  'api-gateway': 3000,
  'device-gateway': 3001,
  auth: 3002,
  billing: 3003,
  ingestion: 3004,
  otp: 3005,
  'pool-dispatcher': 3006,
  'provider-sender': 3007,
} as const;

export type ServiceName = keyof typeof SERVICE_PORTS;

export const SERVICE_NAMES = Object.keys(SERVICE_PORTS) as ServiceName[];

/** Services that own a Postgres schema (the gateways keep nothing durable). */
export const SERVICES_WITH_DATABASE: readonly ServiceName[] = [
  'auth',
  'billing',
  'ingestion',
  'otp',
  'pool-dispatcher',
  'provider-sender',
];
