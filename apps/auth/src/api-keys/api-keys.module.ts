import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '../identity/identity.module';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysController } from './api-keys.controller';
import { CreateApiKeyUseCase } from './create-api-key.use-case';
import { ListApiKeysUseCase } from './list-api-keys.use-case';
import { ResolveApiKeyUseCase } from './resolve-api-key.use-case';
import { RevokeApiKeyUseCase } from './revoke-api-key.use-case';

/** Organizations' API keys: create (shown once), list, revoke (announced), resolve for the gateway. */
@Module({
  imports: [TypeOrmModule.forFeature([ApiKeyEntity]), IdentityModule],
  controllers: [ApiKeysController],
  providers: [ApiKeysRepository, CreateApiKeyUseCase, ListApiKeysUseCase, RevokeApiKeyUseCase, ResolveApiKeyUseCase],
})
export class ApiKeysModule {}
