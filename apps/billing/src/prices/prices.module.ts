import { Module } from '@nestjs/common';
import { ManagePricesUseCase } from './manage-prices.use-case';
import { PriceBook } from './price-book';
import { PricesRepository } from './prices.repository';
import { PricesController } from './prices.controller';

/** Prices per segment by country, route and message type; quotes for senders; admin changes. */
@Module({
  controllers: [PricesController],
  providers: [PricesRepository, PriceBook, ManagePricesUseCase],
  exports: [PriceBook],
})
export class PricesModule {}
