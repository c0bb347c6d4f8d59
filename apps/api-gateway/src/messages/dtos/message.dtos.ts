import { OmitType } from '@nestjs/swagger';
import { ListMessagesRequest, SendBatchRequest } from '@zagel/contracts';
import { QueryOf } from '../../public-http/public-shapes';

// A single send's body is the contract's MessageContent itself; the organization is the credential's.

export class SendBatchBody extends OmitType(SendBatchRequest, ['organizationId'] as const) {}

export class ListMessagesQuery extends QueryOf(OmitType(ListMessagesRequest, ['organizationId'] as const)) {}
