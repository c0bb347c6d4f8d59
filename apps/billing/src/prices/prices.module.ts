import { Module } from '@nestjs/common';
import { CreatePriceUseCase } from './create-price.use-case';
import { DeletePriceUseCase } from './delete-price.use-case';
import { ListPricesUseCase } from './list-prices.use-case';
import { PriceBook } from './price-book';
import { PricesController } from './prices.controller';
import { PricesRepository } from './prices.repository';
import { UpdatePriceUseCase } from './update-price.use-case';

/** Prices per segment by country, route and message type; quotes for senders; admin changes. */
@Module({
  controllers: [PricesController],
  providers: [PricesRepository, PriceBook, ListPricesUseCase, CreatePriceUseCase, UpdatePriceUseCase, DeletePriceUseCase],
  exports: [PriceBook],
})
export class PricesModule {}
