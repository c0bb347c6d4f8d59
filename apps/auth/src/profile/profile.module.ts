import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { SessionsModule } from '../sessions/sessions.module';
import { GetProfileUseCase } from './get-profile.use-case';
import { ProfileController } from './profile.controller';
import { UpdateProfileUseCase } from './update-profile.use-case';

/** The signed-in user's own account: `GET/PATCH /v1/me`. */
@Module({
  imports: [IdentityModule, SessionsModule],
  controllers: [ProfileController],
  providers: [GetProfileUseCase, UpdateProfileUseCase],
})
export class ProfileModule {}
