import { platformMigrations } from '@zagel/database';
import { CreatePoolDispatcherSchema1764500000000 } from './1764500000000-create-pool-dispatcher-schema';
import { CreateDeliveryProofs1766042871000 } from './1766042871000-create-delivery-proofs';

/** Every migration of the pool-dispatcher schema, oldest first. */
export const poolDispatcherMigrations = [...platformMigrations, CreatePoolDispatcherSchema1764500000000, CreateDeliveryProofs1766042871000];
