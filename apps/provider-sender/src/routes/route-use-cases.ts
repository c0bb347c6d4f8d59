import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import {
  CreateProviderRouteRequest,
  DeletedReply,
  ListProviderRoutesRequest,
  ProviderRouteIdRequest,
  ProviderRouteList,
  ProviderRouteView,
  ProviderSenderErrorCode,
  UpdateProviderRouteRequest,
} from '@zagel/contracts';
import { ProviderSenderError } from '../shared/provider-sender-error';
import { ProviderAccountsRepository } from '../accounts/provider-accounts.repository';
import { ProviderCatalog } from '../accounts/provider-catalog';
import { ProviderRoute } from './provider-route';
import { ProviderRoutesRepository } from './provider-routes.repository';

function view(route: ProviderRoute): ProviderRouteView {
  return {
    id: route.id,
    country: route.country,
    messageType: route.messageType,
    organizationId: route.organizationId,
    providers: route.providers,
    createdAt: route.createdAt.toISOString(),
    updatedAt: route.updatedAt.toISOString(),
  };
}

/** Saving a route: every provider in the chain must exist, and no other route may have the same scope. */
@Injectable()
export class SaveProviderRoute {
  constructor(
    private readonly routes: ProviderRoutesRepository,
    private readonly accounts: ProviderAccountsRepository,
    private readonly catalog: ProviderCatalog,
  ) {}

  async create(request: CreateProviderRouteRequest): Promise<ProviderRouteView> {
    const now = new Date();
    return this.save({
      id: uuidv7(),
      country: request.country,
      messageType: request.messageType ?? null,
      organizationId: request.organizationId ?? null,
      providers: request.providers,
      createdAt: now,
      updatedAt: now,
    });
  }

  async update(request: UpdateProviderRouteRequest): Promise<ProviderRouteView> {
    const stored = await this.routes.find(request.id);
    if (!stored) throw new ProviderSenderError(ProviderSenderErrorCode.RouteNotFound, 'no such route');
    return this.save({
      ...stored,
      country: request.country ?? stored.country,
      messageType: request.messageType === undefined ? stored.messageType : request.messageType,
      organizationId: request.organizationId === undefined ? stored.organizationId : request.organizationId,
      providers: request.providers ?? stored.providers,
      updatedAt: new Date(),
    });
  }

  private async save(route: ProviderRoute): Promise<ProviderRouteView> {
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
    return view(route);
  }
}

@Injectable()
export class ListProviderRoutesUseCase {
  constructor(private readonly routes: ProviderRoutesRepository) {}

  async execute(request: ListProviderRoutesRequest): Promise<ProviderRouteList> {
    const routes = await this.routes.list();
    const wanted = request.organizationId === undefined ? routes : routes.filter((route) => route.organizationId === request.organizationId);
    return { items: wanted.map(view) };
  }
}

@Injectable()
export class DeleteProviderRouteUseCase {
  constructor(
    private readonly routes: ProviderRoutesRepository,
    private readonly catalog: ProviderCatalog,
  ) {}

  async execute(request: ProviderRouteIdRequest): Promise<DeletedReply> {
    if (!(await this.routes.delete(request.id))) throw new ProviderSenderError(ProviderSenderErrorCode.RouteNotFound, 'no such route');
    this.catalog.invalidate();
    return { deleted: true };
  }
}
