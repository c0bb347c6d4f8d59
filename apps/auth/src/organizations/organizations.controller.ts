import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ListOrganizations,
  ListOrganizationsRequest,
  ListSuspendedOrganizations,
  SetOrganizationStatus,
  SetOrganizationStatusRequest,
  SuspendedOrganizationsRequest,
} from '@zagel/contracts';
import { ListOrganizationsUseCase } from './list-organizations.use-case';
import { ListSuspendedOrganizationsUseCase } from './list-suspended-organizations.use-case';
import { SetOrganizationStatusUseCase } from './set-organization-status.use-case';

@Controller()
export class OrganizationsController {
  constructor(
    private readonly list: ListOrganizationsUseCase,
    private readonly setStatus: SetOrganizationStatusUseCase,
    private readonly listSuspended: ListSuspendedOrganizationsUseCase,
  ) {}

  @MessagePattern(ListOrganizations.type)
  listOrganizations(@Payload() request: ListOrganizationsRequest) {
    return this.list.execute(request);
  }

  @MessagePattern(SetOrganizationStatus.type)
  setOrganizationStatus(@Payload() request: SetOrganizationStatusRequest) {
    return this.setStatus.execute(request);
  }

  @MessagePattern(ListSuspendedOrganizations.type)
  listSuspendedOrganizations(@Payload() request: SuspendedOrganizationsRequest) {
    return this.listSuspended.execute(request);
  }
}
