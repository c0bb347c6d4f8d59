import { OmitType } from '@nestjs/swagger';
import { UpdateProfileRequest } from '@zagel/contracts';

/** The user is the token's, never the body's. */
export class UpdateProfileBody extends OmitType(UpdateProfileRequest, ['userId'] as const) {}
