import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/**
 * The route creates work: an `Idempotency-Key` makes a retry return the first response instead of
 * doing it twice. The interceptor is bound to these routes only, so every other request skips Nest's
 * interceptor pipeline.
 */
export const Idempotent = () => applyDecorators(UseInterceptors(IdempotencyInterceptor), IdempotencyKeyHeader());

/** The header in the OpenAPI document; a streamed route (`StreamedIdempotency`) takes this alone. */
export const IdempotencyKeyHeader = () =>
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Any unique string (a UUID). Retrying with the same key and body within 24 h replays the first response.',
  });
