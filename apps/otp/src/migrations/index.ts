import { platformMigrations } from '@zagel/database';

/** Every migration of the otp schema, oldest first. */
export const otpMigrations = [...platformMigrations];
