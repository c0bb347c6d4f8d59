import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '../identity/identity.module';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysRpcHandlers } from './api-keys.rpc-handlers';
import { CreateApiKeyUseCase } from './create-api-key.use-case';
import { ListApiKeysUseCase } from './list-api-keys.use-case';
import { ResolveApiKeyUseCase } from './resolve-api-key.use-case';
import { RevokeApiKeyUseCase } from './revoke-api-key.use-case';

/** Organizations' API keys: create (shown once), list, revoke (announced), resolve for the gateway. */
@Module({
  imports: [TypeOrmModule.forFeature([ApiKeyEntity]), IdentityModule],
  providers: [ApiKeysRepository, CreateApiKeyUseCase, ListApiKeysUseCase, RevokeApiKeyUseCase, ResolveApiKeyUseCase, ApiKeysRpcHandlers],
})
export class ApiKeysModule {}
