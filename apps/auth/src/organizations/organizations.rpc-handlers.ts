import { Injectable, OnModuleInit } from '@nestjs/common';
import { ListOrganizations, ListSuspendedOrganizations, SetOrganizationStatus } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { ListOrganizationsUseCase } from './list-organizations.use-case';
import { ListSuspendedOrganizationsUseCase } from './list-suspended-organizations.use-case';
import { SetOrganizationStatusUseCase } from './set-organization-status.use-case';

@Injectable()
export class OrganizationsRpcHandlers implements OnModuleInit {
  constructor(
    private readonly bus: Bus,
    private readonly list: ListOrganizationsUseCase,
    private readonly setStatus: SetOrganizationStatusUseCase,
    private readonly listSuspended: ListSuspendedOrganizationsUseCase,
  ) {}

  onModuleInit(): void {
    this.bus.rpc.handle(ListOrganizations, (request) => this.list.execute(request));
    this.bus.rpc.handle(SetOrganizationStatus, (request) => this.setStatus.execute(request));
    this.bus.rpc.handle(ListSuspendedOrganizations, (request) => this.listSuspended.execute(request));
  }
}
