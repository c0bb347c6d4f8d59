import { Injectable } from '@nestjs/common';
import { ProviderRouteView, ProviderSenderErrorCode, UpdateProviderRouteRequest } from '@zagel/contracts';
import { ProviderSenderError } from '../shared/provider-sender-error';
import { ProviderRouteStore } from './provider-route-store';
import { ProviderRoutesRepository } from './provider-routes.repository';

@Injectable()
export class UpdateProviderRouteUseCase {
  constructor(
    private readonly routes: ProviderRoutesRepository,
    private readonly store: ProviderRouteStore,
  ) {}

  async execute(request: UpdateProviderRouteRequest): Promise<ProviderRouteView> {
    const stored = await this.routes.find(request.id);
    if (!stored) throw new ProviderSenderError(ProviderSenderErrorCode.RouteNotFound, 'no such route');
    return this.store.save({
      ...stored,
      country: request.country ?? stored.country,
      messageType: request.messageType === undefined ? stored.messageType : request.messageType,
      organizationId: request.organizationId === undefined ? stored.organizationId : request.organizationId,
      providers: request.providers ?? stored.providers,
      senders: request.senders ?? stored.senders,
      updatedAt: new Date(),
    });
  }
}
