import { Injectable, OnModuleInit } from '@nestjs/common';
import { CreatePrice, DeletePrice, ListPrices, QuotePrice, UpdatePrice } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { CreatePriceUseCase } from './create-price.use-case';
import { DeletePriceUseCase } from './delete-price.use-case';
import { ListPricesUseCase } from './list-prices.use-case';
import { PriceBook } from './price-book';
import { UpdatePriceUseCase } from './update-price.use-case';

@Injectable()
export class PricesRpcHandlers implements OnModuleInit {
  constructor(
    private readonly bus: Bus,
    private readonly priceBook: PriceBook,
    private readonly listPrices: ListPricesUseCase,
    private readonly createPrice: CreatePriceUseCase,
    private readonly updatePrice: UpdatePriceUseCase,
    private readonly deletePrice: DeletePriceUseCase,
  ) {}

  onModuleInit(): void {
    this.bus.rpc.handle(QuotePrice, (request) => this.priceBook.quote(request.country, request.messageType, request.segments, request.route));
    this.bus.rpc.handle(ListPrices, (request) => this.listPrices.execute(request));
    this.bus.rpc.handle(CreatePrice, (request) => this.createPrice.execute(request));
    this.bus.rpc.handle(UpdatePrice, (request) => this.updatePrice.execute(request));
    this.bus.rpc.handle(DeletePrice, (request) => this.deletePrice.execute(request));
  }
}
