import { platformMigrations } from '@zagel/database';
import { CreateOtpSchema1764200000000 } from './1764200000000-create-otp-schema';

/** Every migration of the otp schema, oldest first. */
export const otpMigrations = [...platformMigrations, CreateOtpSchema1764200000000];
