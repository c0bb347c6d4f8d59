import { Module } from '@nestjs/common';
import { ManagePricesUseCase } from './manage-prices.use-case';
import { PriceBook } from './price-book';
import { PricesRepository } from './prices.repository';
import { PricesRpcHandlers } from './prices.rpc-handlers';

/** Prices per segment by country, route and message type; quotes for senders; admin changes. */
@Module({
  providers: [PricesRepository, PriceBook, ManagePricesUseCase, PricesRpcHandlers],
  exports: [PriceBook],
})
export class PricesModule {}
