import { Module, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ProblemDetailsFilter } from './problem-details.filter';
import { edgeTransformer } from './edge-transformer';
import { validationFailed } from './problem-details.errors';

/** Global validation (whitelist, unknown fields refused, payloads turned into DTO classes) and problem+json errors. */
@Module({
  providers: [
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    {
      provide: APP_PIPE,
      useValue: new ValidationPipe({
        whitelist: true,
        forbidNonWhitelisted: true,
        transform: true,
        transformerPackage: edgeTransformer,
        exceptionFactory: validationFailed,
      }),
    },
  ],
})
export class ProblemDetailsModule {}
