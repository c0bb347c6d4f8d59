import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CreateApiKey,
  CreateApiKeyRequest,
  ListApiKeys,
  ListApiKeysRequest,
  ResolveApiKey,
  ResolveApiKeyRequest,
  RevokeApiKey,
  RevokeApiKeyRequest,
} from '@zagel/contracts';
import { CreateApiKeyUseCase } from './create-api-key.use-case';
import { ListApiKeysUseCase } from './list-api-keys.use-case';
import { ResolveApiKeyUseCase } from './resolve-api-key.use-case';
import { RevokeApiKeyUseCase } from './revoke-api-key.use-case';

@Controller()
export class ApiKeysController {
  constructor(
    private readonly create: CreateApiKeyUseCase,
    private readonly list: ListApiKeysUseCase,
    private readonly revoke: RevokeApiKeyUseCase,
    private readonly resolve: ResolveApiKeyUseCase,
  ) {}

  @MessagePattern(CreateApiKey.type)
  createApiKey(@Payload() request: CreateApiKeyRequest) {
    return this.create.execute(request);
  }

  @MessagePattern(ListApiKeys.type)
  listApiKeys(@Payload() request: ListApiKeysRequest) {
    return this.list.execute(request);
  }

  @MessagePattern(RevokeApiKey.type)
  revokeApiKey(@Payload() request: RevokeApiKeyRequest) {
    return this.revoke.execute(request);
  }

  @MessagePattern(ResolveApiKey.type)
  resolveApiKey(@Payload() request: ResolveApiKeyRequest) {
    return this.resolve.execute(request);
  }
}
