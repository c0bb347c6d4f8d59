import { defineService } from '@zagel/service';
import { OtpConfig } from './config';
import { otpMigrations } from './migrations';

/** The otp service: its settings, its schema and its feature modules. */
export const otpApp = defineService({
  service: 'otp',
  settingsClass: OtpConfig,
  database: { entities: [], migrations: otpMigrations },
  features: [],
});
