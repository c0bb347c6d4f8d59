import { Injectable, OnModuleInit } from '@nestjs/common';
import { GetProfile, UpdateProfile } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { GetProfileUseCase } from './get-profile.use-case';
import { UpdateProfileUseCase } from './update-profile.use-case';

@Injectable()
export class ProfileRpcHandlers implements OnModuleInit {
  constructor(
    private readonly bus: Bus,
    private readonly getProfile: GetProfileUseCase,
    private readonly updateProfile: UpdateProfileUseCase,
  ) {}

  onModuleInit(): void {
    this.bus.rpc.handle(GetProfile, (request) => this.getProfile.execute(request));
    this.bus.rpc.handle(UpdateProfile, (request) => this.updateProfile.execute(request));
  }
}
