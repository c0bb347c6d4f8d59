import { platformMigrations } from '@zagel/database';
import { CreatePoolDispatcherSchema1764500000000 } from './1764500000000-create-pool-dispatcher-schema';
import { DeviceNumberProofs1766041735291 } from './1766041735291-device-number-proofs';

/** Every migration of the pool-dispatcher schema, oldest first. */
export const poolDispatcherMigrations = [...platformMigrations, CreatePoolDispatcherSchema1764500000000, DeviceNumberProofs1766041735291];
