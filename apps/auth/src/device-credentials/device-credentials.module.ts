import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '../identity/identity.module';
import { SigningKeysModule } from '../signing-keys/signing-keys.module';
import { DeviceCredentialEntity } from './device-credential.entity';
import { DeviceCredentialsRepository } from './device-credentials.repository';
import { DeviceCredentialsRpcHandlers } from './device-credentials.rpc-handlers';
import { IssueDeviceTokenUseCase } from './issue-device-token.use-case';
import { RevokeDeviceTokenUseCase } from './revoke-device-token.use-case';

/** Phones' credentials: a revocable device token per registered phone. */
@Module({
  imports: [TypeOrmModule.forFeature([DeviceCredentialEntity]), IdentityModule, SigningKeysModule],
  providers: [DeviceCredentialsRepository, IssueDeviceTokenUseCase, RevokeDeviceTokenUseCase, DeviceCredentialsRpcHandlers],
})
export class DeviceCredentialsModule {}
