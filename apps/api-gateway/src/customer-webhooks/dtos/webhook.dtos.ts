import { OmitType } from '@nestjs/swagger';
import { ListWebhookDeliveriesRequest, PutWebhookSettingsRequest } from '@zagel/contracts';
import { QueryOf } from '../../public-http/public-shapes';

// The organization is the credential's.

export class PutWebhookSettingsBody extends OmitType(PutWebhookSettingsRequest, ['organizationId'] as const) {}

export class ListWebhookDeliveriesQuery extends QueryOf(OmitType(ListWebhookDeliveriesRequest, ['organizationId'] as const)) {}
