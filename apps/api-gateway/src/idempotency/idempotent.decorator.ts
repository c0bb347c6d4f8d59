import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';

export const IDEMPOTENT = 'zagel:idempotent';
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/** The route creates work: an `Idempotency-Key` makes a retry return the first response instead of doing it twice. */
export const Idempotent = () =>
  applyDecorators(
    SetMetadata(IDEMPOTENT, true),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Any unique string (a UUID). Retrying with the same key and body within 24 h replays the first response.',
    }),
  );
