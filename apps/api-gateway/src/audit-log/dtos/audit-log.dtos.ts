import { OmitType } from '@nestjs/swagger';
import { ListAuditLogRequest } from '@zagel/contracts';
import { QueryOf } from '../../public-http/public-shapes';

// The viewer is the credential's user.
export class ListAuditLogQuery extends QueryOf(OmitType(ListAuditLogRequest, ['viewerId'] as const)) {}
