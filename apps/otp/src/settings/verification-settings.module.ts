import { Module } from '@nestjs/common';
import { VerificationSettingsRepository } from './verification-settings.repository';
import { VerificationSettingsRpcHandlers } from './verification-settings.rpc-handlers';

/** Per-organization verification settings: the country allowlist and the app name the messages show. */
@Module({
  providers: [VerificationSettingsRepository, VerificationSettingsRpcHandlers],
  exports: [VerificationSettingsRepository],
})
export class VerificationSettingsModule {}
