import { defineService } from '@zagel/service';
import { OtpConfig } from './config';
import { otpMigrations } from './migrations';
import { VerificationSettingsModule } from './settings/verification-settings.module';
import { OtpTemplatesModule } from './templates/otp-templates.module';
import { VerificationsModule } from './verifications/verifications.module';

/** The otp service: its settings, its schema and its feature modules. */
export const otpApp = defineService({
  service: 'otp',
  settingsClass: OtpConfig,
  database: { entities: [], migrations: otpMigrations },
  features: [VerificationSettingsModule, OtpTemplatesModule, VerificationsModule],
});
