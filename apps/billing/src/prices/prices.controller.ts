import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CreatePrice,
  CreatePriceRequest,
  DeletePrice,
  DeletePriceRequest,
  ListPrices,
  ListPricesRequest,
  QuotePrice,
  QuotePriceRequest,
  UpdatePrice,
  UpdatePriceRequest,
} from '@zagel/contracts';
import { ManagePricesUseCase } from './manage-prices.use-case';
import { PriceBook } from './price-book';

@Controller()
export class PricesController {
  constructor(
    private readonly priceBook: PriceBook,
    private readonly manage: ManagePricesUseCase,
  ) {}

  @MessagePattern(QuotePrice.type)
  quotePrice(@Payload() request: QuotePriceRequest) {
    return this.priceBook.quote(request.country, request.messageType, request.segments, request.route);
  }

  @MessagePattern(ListPrices.type)
  listPrices(@Payload() request: ListPricesRequest) {
    return this.manage.list(request);
  }

  @MessagePattern(CreatePrice.type)
  createPrice(@Payload() request: CreatePriceRequest) {
    return this.manage.create(request);
  }

  @MessagePattern(UpdatePrice.type)
  updatePrice(@Payload() request: UpdatePriceRequest) {
    return this.manage.update(request);
  }

  @MessagePattern(DeletePrice.type)
  deletePrice(@Payload() request: DeletePriceRequest) {
    return this.manage.delete(request);
  }
}
