import { OmitType } from '@nestjs/swagger';
import { InviteMemberRequest } from '@zagel/contracts';

/** The organization and the inviting user are the token's. */
export class InviteMemberBody extends OmitType(InviteMemberRequest, ['organizationId', 'invitedBy'] as const) {}
