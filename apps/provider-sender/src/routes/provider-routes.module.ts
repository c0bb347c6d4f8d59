import { Module } from '@nestjs/common';
import { ProviderCatalogModule } from '../accounts/provider-catalog.module';
import { CreateProviderRouteUseCase } from './create-provider-route.use-case';
import { DeleteProviderRouteUseCase } from './delete-provider-route.use-case';
import { ListProviderRoutesUseCase } from './list-provider-routes.use-case';
import { ProviderRouteStore } from './provider-route-store';
import { ProviderRoutesController } from './provider-routes.controller';
import { UpdateProviderRouteUseCase } from './update-provider-route.use-case';

/** Routes: which provider chain a message takes, by country, message type and organization. */
@Module({
  imports: [ProviderCatalogModule],
  controllers: [ProviderRoutesController],
  providers: [ProviderRouteStore, CreateProviderRouteUseCase, UpdateProviderRouteUseCase, ListProviderRoutesUseCase, DeleteProviderRouteUseCase],
})
export class ProviderRoutesModule {}
