import { ApiProperty, OmitType } from '@nestjs/swagger';
import { CampaignOptions, ListCampaignsRequest } from '@zagel/contracts';
import { QueryOf } from '../../public-http/public-shapes';

export class ListCampaignsQuery extends QueryOf(OmitType(ListCampaignsRequest, ['organizationId'] as const)) {}

/** The multipart form of `POST /v1/campaigns`: the options (fields before the file, or a JSON `options` part), then the file. */
export class CreateCampaignForm extends CampaignOptions {
  @ApiProperty({ type: 'string', format: 'binary', description: 'The CSV file: UTF-8, comma or semicolon, with a header row.' })
  file: unknown;
}
