import { Module } from '@nestjs/common';
import { CreatePriceUseCase } from './create-price.use-case';
import { DeletePriceUseCase } from './delete-price.use-case';
import { ListPricesUseCase } from './list-prices.use-case';
import { PriceBook } from './price-book';
import { PricesRepository } from './prices.repository';
import { PricesRpcHandlers } from './prices.rpc-handlers';
import { UpdatePriceUseCase } from './update-price.use-case';

/** Prices per segment by country, route and message type; quotes for senders; admin changes. */
@Module({
  providers: [PricesRepository, PriceBook, ListPricesUseCase, CreatePriceUseCase, UpdatePriceUseCase, DeletePriceUseCase, PricesRpcHandlers],
  exports: [PriceBook],
})
export class PricesModule {}
