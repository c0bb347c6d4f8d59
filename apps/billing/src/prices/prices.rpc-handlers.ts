import { Injectable, OnModuleInit } from '@nestjs/common';
import { CreatePrice, DeletePrice, ListPrices, QuotePrice, UpdatePrice } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { ManagePricesUseCase } from './manage-prices.use-case';
import { PriceBook } from './price-book';

@Injectable()
export class PricesRpcHandlers implements OnModuleInit {
  constructor(
    private readonly bus: Bus,
    private readonly priceBook: PriceBook,
    private readonly manage: ManagePricesUseCase,
  ) {}

  onModuleInit(): void {
    this.bus.rpc.handle(QuotePrice, (request) => this.priceBook.quote(request.country, request.messageType, request.segments, request.route));
    this.bus.rpc.handle(ListPrices, (request) => this.manage.list(request));
    this.bus.rpc.handle(CreatePrice, (request) => this.manage.create(request));
    this.bus.rpc.handle(UpdatePrice, (request) => this.manage.update(request));
    this.bus.rpc.handle(DeletePrice, (request) => this.manage.delete(request));
  }
}
