import { Injectable, OnModuleInit } from '@nestjs/common';
import { GetVerificationSettings, UpdateVerificationSettings } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { VerificationSettingsRepository } from './verification-settings.repository';

@Injectable()
export class VerificationSettingsRpcHandlers implements OnModuleInit {
  constructor(
    private readonly bus: Bus,
    private readonly settings: VerificationSettingsRepository,
  ) {}

  onModuleInit(): void {
    this.bus.rpc.handle(GetVerificationSettings, (request) => this.settings.view(request.organizationId));
    this.bus.rpc.handle(UpdateVerificationSettings, (request) =>
      this.settings.put(request.organizationId, {
        allowedCountries: [...new Set(request.allowedCountries)].sort(),
        ...(request.appName && { appName: request.appName.trim() }),
      }),
    );
  }
}
