import { platformMigrations } from '@zagel/database';
import { CreateProviderSenderSchema1764500000000 } from './1764500000000-create-provider-sender-schema';

/** Every migration of the provider-sender schema, oldest first. */
export const providerSenderMigrations = [...platformMigrations, CreateProviderSenderSchema1764500000000];
