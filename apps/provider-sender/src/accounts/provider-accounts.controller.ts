import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CreateProviderAccount,
  CreateProviderAccountRequest,
  DeleteProviderAccount,
  GetProviderAccount,
  ListProviderAccounts,
  ListProviderAccountsRequest,
  ProviderAccountIdRequest,
  UpdateProviderAccount,
  UpdateProviderAccountRequest,
} from '@zagel/contracts';
import { CreateProviderAccountUseCase } from './create-provider-account.use-case';
import { DeleteProviderAccountUseCase } from './delete-provider-account.use-case';
import { GetProviderAccountUseCase } from './get-provider-account.use-case';
import { ListProviderAccountsUseCase } from './list-provider-accounts.use-case';
import { UpdateProviderAccountUseCase } from './update-provider-account.use-case';

@Controller()
export class ProviderAccountsController {
  constructor(
    private readonly create: CreateProviderAccountUseCase,
    private readonly list: ListProviderAccountsUseCase,
    private readonly get: GetProviderAccountUseCase,
    private readonly update: UpdateProviderAccountUseCase,
    private readonly remove: DeleteProviderAccountUseCase,
  ) {}

  @MessagePattern(CreateProviderAccount.type)
  createProviderAccount(@Payload() request: CreateProviderAccountRequest) {
    return this.create.execute(request);
  }

  @MessagePattern(ListProviderAccounts.type)
  listProviderAccounts(@Payload() request: ListProviderAccountsRequest) {
    return this.list.execute(request);
  }

  @MessagePattern(GetProviderAccount.type)
  getProviderAccount(@Payload() request: ProviderAccountIdRequest) {
    return this.get.execute(request);
  }

  @MessagePattern(UpdateProviderAccount.type)
  updateProviderAccount(@Payload() request: UpdateProviderAccountRequest) {
    return this.update.execute(request);
  }

  @MessagePattern(DeleteProviderAccount.type)
  deleteProviderAccount(@Payload() request: ProviderAccountIdRequest) {
    return this.remove.execute(request);
  }
}
