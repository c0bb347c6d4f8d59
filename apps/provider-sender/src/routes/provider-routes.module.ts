import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { CreateProviderRoute, DeleteProviderRoute, ListProviderRoutes, UpdateProviderRoute } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { ProviderCatalogModule } from '../accounts/provider-catalog.module';
import { CreateProviderRouteUseCase } from './create-provider-route.use-case';
import { DeleteProviderRouteUseCase } from './delete-provider-route.use-case';
import { ListProviderRoutesUseCase } from './list-provider-routes.use-case';
import { ProviderRouteStore } from './provider-route-store';
import { UpdateProviderRouteUseCase } from './update-provider-route.use-case';

@Injectable()
export class ProviderRoutesRpcHandlers implements OnModuleInit {
  constructor(
    private readonly bus: Bus,
    private readonly create: CreateProviderRouteUseCase,
    private readonly update: UpdateProviderRouteUseCase,
    private readonly list: ListProviderRoutesUseCase,
    private readonly remove: DeleteProviderRouteUseCase,
  ) {}

  onModuleInit(): void {
    this.bus.rpc.handle(CreateProviderRoute, (request) => this.create.execute(request));
    this.bus.rpc.handle(UpdateProviderRoute, (request) => this.update.execute(request));
    this.bus.rpc.handle(ListProviderRoutes, (request) => this.list.execute(request));
    this.bus.rpc.handle(DeleteProviderRoute, (request) => this.remove.execute(request));
  }
}

/** Routes: which provider chain a message takes, by country, message type and organization. */
@Module({
  imports: [ProviderCatalogModule],
  providers: [
    ProviderRouteStore,
    CreateProviderRouteUseCase,
    UpdateProviderRouteUseCase,
    ListProviderRoutesUseCase,
    DeleteProviderRouteUseCase,
    ProviderRoutesRpcHandlers,
  ],
})
export class ProviderRoutesModule {}
