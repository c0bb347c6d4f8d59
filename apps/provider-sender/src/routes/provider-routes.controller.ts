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
import { CreateProviderRouteUseCase } from './create-provider-route.use-case';
import { DeleteProviderRouteUseCase } from './delete-provider-route.use-case';
import { ListProviderRoutesUseCase } from './list-provider-routes.use-case';
import { UpdateProviderRouteUseCase } from './update-provider-route.use-case';

@Controller()
export class ProviderRoutesController {
  constructor(
    private readonly create: CreateProviderRouteUseCase,
    private readonly update: UpdateProviderRouteUseCase,
    private readonly list: ListProviderRoutesUseCase,
    private readonly remove: DeleteProviderRouteUseCase,
  ) {}

  @MessagePattern(CreateProviderRoute.type)
  createProviderRoute(@Payload() request: CreateProviderRouteRequest) {
    return this.create.execute(request);
  }

  @MessagePattern(UpdateProviderRoute.type)
  updateProviderRoute(@Payload() request: UpdateProviderRouteRequest) {
    return this.update.execute(request);
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
