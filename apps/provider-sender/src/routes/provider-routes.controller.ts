import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CreateProviderRoute,
  CreateProviderRouteRequest,
  DeleteProviderRoute,
  ListProviderRoutes,
  ListProviderRoutesRequest,
  ProviderRouteIdRequest,
  UpdateProviderRoute,
  UpdateProviderRouteRequest,
} from '@zagel/contracts';
import { DeleteProviderRouteUseCase, ListProviderRoutesUseCase, SaveProviderRoute } from './route-use-cases';

@Controller()
export class ProviderRoutesController {
  constructor(
    private readonly save: SaveProviderRoute,
    private readonly list: ListProviderRoutesUseCase,
    private readonly remove: DeleteProviderRouteUseCase,
  ) {}

  @MessagePattern(CreateProviderRoute.type)
  createProviderRoute(@Payload() request: CreateProviderRouteRequest) {
    return this.save.create(request);
  }

  @MessagePattern(UpdateProviderRoute.type)
  updateProviderRoute(@Payload() request: UpdateProviderRouteRequest) {
    return this.save.update(request);
  }

  @MessagePattern(ListProviderRoutes.type)
  listProviderRoutes(@Payload() request: ListProviderRoutesRequest) {
    return this.list.execute(request);
  }

  @MessagePattern(DeleteProviderRoute.type)
  deleteProviderRoute(@Payload() request: ProviderRouteIdRequest) {
    return this.remove.execute(request);
  }
}
