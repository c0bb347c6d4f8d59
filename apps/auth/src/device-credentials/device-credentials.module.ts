import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '../identity/identity.module';
import { SigningKeysModule } from '../signing-keys/signing-keys.module';
import { DeviceCredentialEntity } from './device-credential.entity';
import { DeviceCredentialsRepository } from './device-credentials.repository';
import { DeviceCredentialsController } from './device-credentials.controller';
import { IssueDeviceTokenUseCase } from './issue-device-token.use-case';
import { RevokeDeviceTokenUseCase } from './revoke-device-token.use-case';

/** Phones' credentials: a revocable device token per registered phone. */
@Module({
  imports: [TypeOrmModule.forFeature([DeviceCredentialEntity]), IdentityModule, SigningKeysModule],
  controllers: [DeviceCredentialsController],
  providers: [DeviceCredentialsRepository, IssueDeviceTokenUseCase, RevokeDeviceTokenUseCase],
})
export class DeviceCredentialsModule {}
