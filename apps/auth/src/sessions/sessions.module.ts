import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '../identity/identity.module';
import { SigningKeysModule } from '../signing-keys/signing-keys.module';
import { LoginThrottle } from './login-throttle';
import { LoginUseCase } from './login.use-case';
import { LogoutUseCase } from './logout.use-case';
import { PasswordHasher } from './password-hasher';
import { RefreshSessionUseCase } from './refresh-session.use-case';
import { RefreshTokenEntity } from './refresh-token.entity';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { RegisterUseCase } from './register.use-case';
import { SessionIssuer } from './session-issuer';
import { SessionsController } from './sessions.controller';

/** Register, login, refresh rotation with reuse detection, logout. */
@Module({
  imports: [TypeOrmModule.forFeature([RefreshTokenEntity]), IdentityModule, SigningKeysModule],
  controllers: [SessionsController],
  providers: [
    PasswordHasher,
    LoginThrottle,
    RefreshTokensRepository,
    SessionIssuer,
    RegisterUseCase,
    LoginUseCase,
    RefreshSessionUseCase,
    LogoutUseCase,
  ],
  exports: [PasswordHasher, RefreshTokensRepository],
})
export class SessionsModule {}
