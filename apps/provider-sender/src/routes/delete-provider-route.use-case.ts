import { Injectable } from '@nestjs/common';
import { DeletedReply, ProviderRouteIdRequest, ProviderSenderErrorCode } from '@zagel/contracts';
import { ProviderCatalog } from '../accounts/provider-catalog';
import { ProviderSenderError } from '../shared/provider-sender-error';
import { ProviderRoutesRepository } from './provider-routes.repository';

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
