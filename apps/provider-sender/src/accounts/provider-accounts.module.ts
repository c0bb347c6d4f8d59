import { Module } from '@nestjs/common';
import { BootstrapDefaultProvider } from './bootstrap-default-provider';
import { CreateProviderAccountUseCase } from './create-provider-account.use-case';
import { DeleteProviderAccountUseCase } from './delete-provider-account.use-case';
import { GetProviderAccountUseCase } from './get-provider-account.use-case';
import { ListProviderAccountsUseCase } from './list-provider-accounts.use-case';
import { ProviderAccountsController } from './provider-accounts.controller';
import { ProviderCatalogModule } from './provider-catalog.module';
import { UpdateProviderAccountUseCase } from './update-provider-account.use-case';

/** Provider accounts: create, list with health, update, delete; the simulator account on a fresh start. */
@Module({
  imports: [ProviderCatalogModule],
  controllers: [ProviderAccountsController],
  providers: [
    CreateProviderAccountUseCase,
    ListProviderAccountsUseCase,
    GetProviderAccountUseCase,
    UpdateProviderAccountUseCase,
    DeleteProviderAccountUseCase,
    BootstrapDefaultProvider,
  ],
})
export class ProviderAccountsModule {}
