import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  GetVerificationSettings,
  GetVerificationSettingsRequest,
  UpdateVerificationSettings,
  UpdateVerificationSettingsRequest,
} from '@zagel/contracts';
import { VerificationSettingsRepository } from './verification-settings.repository';

@Controller()
export class VerificationSettingsController {
  constructor(private readonly settings: VerificationSettingsRepository) {}

  @MessagePattern(GetVerificationSettings.type)
  getVerificationSettings(@Payload() request: GetVerificationSettingsRequest) {
    return this.settings.view(request.organizationId);
  }

  @MessagePattern(UpdateVerificationSettings.type)
  updateVerificationSettings(@Payload() request: UpdateVerificationSettingsRequest) {
    return this.settings.put(request.organizationId, {
      allowedCountries: [...new Set(request.allowedCountries)].sort(),
      ...(request.appName && { appName: request.appName.trim() }),
      ...(request.providerTemplates && { providerTemplates: request.providerTemplates }),
    });
  }
}
