import { Module } from '@nestjs/common';
import { VerificationSettingsRepository } from './verification-settings.repository';
import { VerificationSettingsController } from './verification-settings.controller';

/** Per-organization verification settings: the country allowlist and the app name the messages show. */
@Module({
  controllers: [VerificationSettingsController],
  providers: [VerificationSettingsRepository],
  exports: [VerificationSettingsRepository],
})
export class VerificationSettingsModule {}
