import { Injectable } from '@nestjs/common';
import { ProviderRouteView, ProviderSenderErrorCode } from '@zagel/contracts';
import { ProviderAccountsRepository } from '../accounts/provider-accounts.repository';
import { ProviderCatalog } from '../accounts/provider-catalog';
import { ProviderSenderError } from '../shared/provider-sender-error';
import { ProviderRoute } from './provider-route';
import { ProviderRoutesRepository } from './provider-routes.repository';

export function providerRouteView(route: ProviderRoute): ProviderRouteView {
  return {
    id: route.id,
    country: route.country,
    messageType: route.messageType,
    organizationId: route.organizationId,
    providers: route.providers,
    senders: route.senders,
    createdAt: route.createdAt.toISOString(),
    updatedAt: route.updatedAt.toISOString(),
  };
}

/** Saves a route: every provider in the chain must exist, and no other route may have the same scope. */
@Injectable()
export class ProviderRouteStore {
  constructor(
    private readonly routes: ProviderRoutesRepository,
    private readonly accounts: ProviderAccountsRepository,
    private readonly catalog: ProviderCatalog,
  ) {}

  async save(route: ProviderRoute): Promise<ProviderRouteView> {
    const known = new Set((await this.accounts.list()).map((account) => account.id));
    const missing = route.providers.filter((id) => !known.has(id));
    if (missing.length > 0) {
      throw new ProviderSenderError(ProviderSenderErrorCode.InvalidRoute, 'the chain names providers that do not exist', {
        reasons: missing.map((id) => `providers: no provider ${id}`),
      });
    }
    if (!(await this.routes.save(route))) {
      throw new ProviderSenderError(ProviderSenderErrorCode.RouteExists, 'a route for this country, message type and organization exists');
    }
    this.catalog.invalidate();
    return providerRouteView(route);
  }
}
