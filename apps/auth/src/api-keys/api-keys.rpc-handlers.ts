import { Injectable, OnModuleInit } from '@nestjs/common';
import { CreateApiKey, ListApiKeys, ResolveApiKey, RevokeApiKey } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { CreateApiKeyUseCase } from './create-api-key.use-case';
import { ListApiKeysUseCase } from './list-api-keys.use-case';
import { ResolveApiKeyUseCase } from './resolve-api-key.use-case';
import { RevokeApiKeyUseCase } from './revoke-api-key.use-case';

@Injectable()
export class ApiKeysRpcHandlers implements OnModuleInit {
  constructor(
    private readonly bus: Bus,
    private readonly create: CreateApiKeyUseCase,
    private readonly list: ListApiKeysUseCase,
    private readonly revoke: RevokeApiKeyUseCase,
    private readonly resolve: ResolveApiKeyUseCase,
  ) {}

  onModuleInit(): void {
    this.bus.rpc.handle(CreateApiKey, (request) => this.create.execute(request));
    this.bus.rpc.handle(ListApiKeys, (request) => this.list.execute(request));
    this.bus.rpc.handle(RevokeApiKey, (request) => this.revoke.execute(request));
    this.bus.rpc.handle(ResolveApiKey, (request) => this.resolve.execute(request));
  }
}
