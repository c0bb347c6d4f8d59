import { Injectable } from '@nestjs/common';
import { ListProviderRoutesRequest, ProviderRouteList } from '@zagel/contracts';
import { providerRouteView } from './provider-route-store';
import { ProviderRoutesRepository } from './provider-routes.repository';

@Injectable()
export class ListProviderRoutesUseCase {
  constructor(private readonly routes: ProviderRoutesRepository) {}

  async execute(request: ListProviderRoutesRequest): Promise<ProviderRouteList> {
    const routes = await this.routes.list();
    const wanted = request.organizationId === undefined ? routes : routes.filter((route) => route.organizationId === request.organizationId);
    return { items: wanted.map(providerRouteView) };
  }
}
