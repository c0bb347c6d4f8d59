import { Injectable, OnModuleInit } from '@nestjs/common';
import {
  CreateProviderAccount,
  DeleteProviderAccount,
  GetProviderAccount,
  ListProviderAccounts,
  UpdateProviderAccount,
} from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { CreateProviderAccountUseCase } from './create-provider-account.use-case';
import { DeleteProviderAccountUseCase } from './delete-provider-account.use-case';
import { GetProviderAccountUseCase } from './get-provider-account.use-case';
import { ListProviderAccountsUseCase } from './list-provider-accounts.use-case';
import { UpdateProviderAccountUseCase } from './update-provider-account.use-case';

@Injectable()
export class ProviderAccountsRpcHandlers implements OnModuleInit {
  constructor(
    private readonly bus: Bus,
    private readonly create: CreateProviderAccountUseCase,
    private readonly list: ListProviderAccountsUseCase,
    private readonly get: GetProviderAccountUseCase,
    private readonly update: UpdateProviderAccountUseCase,
    private readonly remove: DeleteProviderAccountUseCase,
  ) {}

  onModuleInit(): void {
    this.bus.rpc.handle(CreateProviderAccount, (request) => this.create.execute(request));
    this.bus.rpc.handle(ListProviderAccounts, (request) => this.list.execute(request));
    this.bus.rpc.handle(GetProviderAccount, (request) => this.get.execute(request));
    this.bus.rpc.handle(UpdateProviderAccount, (request) => this.update.execute(request));
    this.bus.rpc.handle(DeleteProviderAccount, (request) => this.remove.execute(request));
  }
}
