import { Module } from '@nestjs/common';
import { ProviderCatalogModule } from '../accounts/provider-catalog.module';
import { ProviderRoutesController } from './provider-routes.controller';
import { DeleteProviderRouteUseCase, ListProviderRoutesUseCase, SaveProviderRoute } from './route-use-cases';

/** Routes: which provider chain a message takes, by country, message type and organization. */
@Module({
  imports: [ProviderCatalogModule],
  controllers: [ProviderRoutesController],
  providers: [SaveProviderRoute, ListProviderRoutesUseCase, DeleteProviderRouteUseCase],
})
export class ProviderRoutesModule {}
