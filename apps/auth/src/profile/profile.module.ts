import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { SessionsModule } from '../sessions/sessions.module';
import { GetProfileUseCase } from './get-profile.use-case';
import { ProfileRpcHandlers } from './profile.rpc-handlers';
import { UpdateProfileUseCase } from './update-profile.use-case';

/** The signed-in user's own account: `GET/PATCH /v1/me`. */
@Module({
  imports: [IdentityModule, SessionsModule],
  providers: [GetProfileUseCase, UpdateProfileUseCase, ProfileRpcHandlers],
})
export class ProfileModule {}
