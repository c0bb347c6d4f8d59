import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { CreateProviderRoute, DeleteProviderRoute, ListProviderRoutes, UpdateProviderRoute } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { ProviderCatalogModule } from '../accounts/provider-catalog.module';
import { DeleteProviderRouteUseCase, ListProviderRoutesUseCase, SaveProviderRoute } from './route-use-cases';

@Injectable()
export class ProviderRoutesRpcHandlers implements OnModuleInit {
  constructor(
    private readonly bus: Bus,
    private readonly save: SaveProviderRoute,
    private readonly list: ListProviderRoutesUseCase,
    private readonly remove: DeleteProviderRouteUseCase,
  ) {}

  onModuleInit(): void {
    this.bus.rpc.handle(CreateProviderRoute, (request) => this.save.create(request));
    this.bus.rpc.handle(UpdateProviderRoute, (request) => this.save.update(request));
    this.bus.rpc.handle(ListProviderRoutes, (request) => this.list.execute(request));
    this.bus.rpc.handle(DeleteProviderRoute, (request) => this.remove.execute(request));
  }
}

/** Routes: which provider chain a message takes, by country, message type and organization. */
@Module({
  imports: [ProviderCatalogModule],
  providers: [SaveProviderRoute, ListProviderRoutesUseCase, DeleteProviderRouteUseCase, ProviderRoutesRpcHandlers],
})
export class ProviderRoutesModule {}
