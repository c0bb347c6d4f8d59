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
import { CreatePriceUseCase } from './create-price.use-case';
import { DeletePriceUseCase } from './delete-price.use-case';
import { ListPricesUseCase } from './list-prices.use-case';
import { PriceBook } from './price-book';
import { UpdatePriceUseCase } from './update-price.use-case';

@Controller()
export class PricesController {
  constructor(
    private readonly priceBook: PriceBook,
    private readonly listPricesUseCase: ListPricesUseCase,
    private readonly createPriceUseCase: CreatePriceUseCase,
    private readonly updatePriceUseCase: UpdatePriceUseCase,
    private readonly deletePriceUseCase: DeletePriceUseCase,
  ) {}

  @MessagePattern(QuotePrice.type)
  quotePrice(@Payload() request: QuotePriceRequest) {
    return this.priceBook.quote(request.country, request.messageType, request.segments, request.route);
  }

  @MessagePattern(ListPrices.type)
  listPrices(@Payload() request: ListPricesRequest) {
    return this.listPricesUseCase.execute(request);
  }

  @MessagePattern(CreatePrice.type)
  createPrice(@Payload() request: CreatePriceRequest) {
    return this.createPriceUseCase.execute(request);
  }

  @MessagePattern(UpdatePrice.type)
  updatePrice(@Payload() request: UpdatePriceRequest) {
    return this.updatePriceUseCase.execute(request);
  }

  @MessagePattern(DeletePrice.type)
  deletePrice(@Payload() request: DeletePriceRequest) {
    return this.deletePriceUseCase.execute(request);
  }
}
