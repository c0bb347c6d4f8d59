import { OmitType } from '@nestjs/swagger';
import { ListMessagesRequest, SendBatchRequest } from '@zagel/contracts';
import { ShallowBody } from '../../problem-details/edge-transformer';
import { QueryOf } from '../../public-http/public-shapes';

// A single send's body is the contract's MessageContent itself; the organization is the credential's.

/** Its items are plain objects, each checked by ingestion (rejected alone, with its index). */
@ShallowBody()
export class SendBatchBody extends OmitType(SendBatchRequest, ['organizationId'] as const) {}

export class ListMessagesQuery extends QueryOf(OmitType(ListMessagesRequest, ['organizationId', 'twilioFrom'] as const)) {}
