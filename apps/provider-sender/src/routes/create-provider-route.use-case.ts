import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { CreateProviderRouteRequest, ProviderRouteView } from '@zagel/contracts';
import { ProviderRouteStore } from './provider-route-store';

@Injectable()
export class CreateProviderRouteUseCase {
  constructor(private readonly store: ProviderRouteStore) {}

  async execute(request: CreateProviderRouteRequest): Promise<ProviderRouteView> {
    const now = new Date();
    return this.store.save({
      id: uuidv7(),
      country: request.country,
      messageType: request.messageType ?? null,
      organizationId: request.organizationId ?? null,
      providers: request.providers,
      senders: request.senders ?? [],
      createdAt: now,
      updatedAt: now,
    });
  }
}
