import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { GetProfile, GetProfileRequest, UpdateProfile, UpdateProfileRequest } from '@zagel/contracts';
import { GetProfileUseCase } from './get-profile.use-case';
import { UpdateProfileUseCase } from './update-profile.use-case';

@Controller()
export class ProfileController {
  constructor(
    private readonly getProfileUseCase: GetProfileUseCase,
    private readonly updateProfileUseCase: UpdateProfileUseCase,
  ) {}

  @MessagePattern(GetProfile.type)
  getProfile(@Payload() request: GetProfileRequest) {
    return this.getProfileUseCase.execute(request);
  }

  @MessagePattern(UpdateProfile.type)
  updateProfile(@Payload() request: UpdateProfileRequest) {
    return this.updateProfileUseCase.execute(request);
  }
}
