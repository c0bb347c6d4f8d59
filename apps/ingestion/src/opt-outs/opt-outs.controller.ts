import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AddOptOut,
  AddOptOutRequest,
  ListOptOuts,
  ListOptOutsRequest,
  RemoveOptOut,
  RemoveOptOutRequest,
} from '@zagel/contracts';
import { OptOutsRepository } from './opt-outs';

@Controller()
export class OptOutsController {
  constructor(private readonly optOuts: OptOutsRepository) {}

  @MessagePattern(AddOptOut.type)
  addOptOut(@Payload() request: AddOptOutRequest) {
    return this.optOuts.add(request);
  }

  @MessagePattern(RemoveOptOut.type)
  removeOptOut(@Payload() request: RemoveOptOutRequest) {
    return this.optOuts.remove(request);
  }

  @MessagePattern(ListOptOuts.type)
  listOptOuts(@Payload() request: ListOptOutsRequest) {
    return this.optOuts.list(request);
  }
}
