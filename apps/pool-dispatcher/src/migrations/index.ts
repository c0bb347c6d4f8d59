import { platformMigrations } from '@zagel/database';
import { CreatePoolDispatcherSchema1764500000000 } from './1764500000000-create-pool-dispatcher-schema';
import { DeviceNumberProofs1766041735291 } from './1766041735291-device-number-proofs';
import { CreateDeliveryProofs1766042871000 } from './1766042871000-create-delivery-proofs';

/** Every migration of the pool-dispatcher schema, oldest first. */
export const poolDispatcherMigrations = [
  ...platformMigrations,
  CreatePoolDispatcherSchema1764500000000,
  DeviceNumberProofs1766041735291,
  CreateDeliveryProofs1766042871000,
];
