import { Global, Module } from '@nestjs/common';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyStore } from './idempotency-store';
import { StreamedIdempotency } from './streamed-idempotency';

/** Global: `@Idempotent()` binds the interceptor on routes of every feature module, which resolve its store here. */
@Global()
@Module({ providers: [IdempotencyStore, IdempotencyInterceptor, StreamedIdempotency], exports: [IdempotencyStore, IdempotencyInterceptor, StreamedIdempotency] })
export class IdempotencyModule {}
