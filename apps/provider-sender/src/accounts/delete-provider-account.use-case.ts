import { Injectable } from '@nestjs/common';
import { DeletedReply, ProviderAccountIdRequest, ProviderSenderErrorCode } from '@zagel/contracts';
import { CircuitBreaker } from '../health/circuit-breaker';
import { ProviderStats } from '../health/provider-stats';
import { ProviderRoutesRepository } from '../routes/provider-routes.repository';
import { ProviderSenderError } from '../shared/provider-sender-error';
import { ProviderAccountsRepository } from './provider-accounts.repository';
import { ProviderCatalog } from './provider-catalog';

/** Deletes an account no route uses (remove it from the routes first: a chain never points at nothing). */
@Injectable()
export class DeleteProviderAccountUseCase {
  constructor(
    private readonly accounts: ProviderAccountsRepository,
    private readonly routes: ProviderRoutesRepository,
    private readonly catalog: ProviderCatalog,
    private readonly circuits: CircuitBreaker,
    private readonly stats: ProviderStats,
  ) {}

  async execute(request: ProviderAccountIdRequest): Promise<DeletedReply> {
    const users = await this.routes.usedBy(request.id);
    if (users.length > 0) {
      throw new ProviderSenderError(ProviderSenderErrorCode.ProviderInUse, 'routes still send through this provider', {
        routes: users.map((route) => route.id),
      });
    }
    if (!(await this.accounts.delete(request.id))) {
      throw new ProviderSenderError(ProviderSenderErrorCode.ProviderNotFound, 'no such provider');
    }
    this.catalog.drop(request.id);
    this.catalog.invalidate();
    await Promise.all([this.circuits.forget(request.id), this.stats.forget(request.id)]);
    return { deleted: true };
  }
}
