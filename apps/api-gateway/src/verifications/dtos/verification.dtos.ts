import { OmitType } from '@nestjs/swagger';
import {
  CheckVerificationRequest,
  CreateOtpTemplateRequest,
  ListVerificationsRequest,
  StartVerificationRequest,
  UpdateVerificationSettingsRequest,
} from '@zagel/contracts';
import { QueryOf } from '../../public-http/public-shapes';

// The organization is always the credential's, never the body's.

export class StartVerificationBody extends OmitType(StartVerificationRequest, ['organizationId'] as const) {}

export class CheckVerificationBody extends OmitType(CheckVerificationRequest, ['organizationId'] as const) {}

export class VerificationSettingsBody extends OmitType(UpdateVerificationSettingsRequest, ['organizationId'] as const) {}

export class CreateOtpTemplateBody extends OmitType(CreateOtpTemplateRequest, ['organizationId'] as const) {}

export class ListVerificationsQuery extends QueryOf(OmitType(ListVerificationsRequest, ['organizationId'] as const)) {}
