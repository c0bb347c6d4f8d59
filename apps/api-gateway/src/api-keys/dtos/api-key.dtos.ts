import { OmitType } from '@nestjs/swagger';
import { CreateApiKeyRequest, ListApiKeysRequest } from '@zagel/contracts';
import { QueryOf } from '../../public-http/public-shapes';

/** The organization and the creating user are the token's. */
export class CreateApiKeyBody extends OmitType(CreateApiKeyRequest, ['organizationId', 'userId'] as const) {}

export class ListApiKeysQuery extends QueryOf(OmitType(ListApiKeysRequest, ['organizationId'] as const)) {}
