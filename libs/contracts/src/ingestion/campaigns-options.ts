import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ROUTE_PREFERENCES, RoutePreference } from '../messages/message-types';

export const CAMPAIGN_MESSAGE_TYPES = ['promotional', 'transactional'] as const;
export type CampaignMessageType = (typeof CAMPAIGN_MESSAGE_TYPES)[number];

const HOUR_MINUTE = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Days and local hours a recipient may be sent to, in the recipient's time zone (from the number's country). */
export class SendWindow {
  @ApiPropertyOptional({ type: [Number], example: [1, 2, 3, 4, 5], description: 'ISO weekdays, 1 = Monday ... 7 = Sunday (default every day).' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  days?: number[];

  @ApiProperty({ example: '09:00', description: 'Local start, HH:MM (inclusive).' })
  @IsString()
  @Matches(HOUR_MINUTE, { message: 'from must be HH:MM' })
  from: string;

  @ApiProperty({ example: '20:00', description: 'Local end, HH:MM (exclusive); before `from` means over midnight.' })
  @IsString()
  @Matches(HOUR_MINUTE, { message: 'to must be HH:MM' })
  to: string;
}

/**
 * How a CSV file becomes a campaign: the columns to read, the text (a body column, an inline
 * template or a stored template), and how it goes out. Form fields of `POST /v1/campaigns`.
 */
export class CampaignOptions {
  @ApiPropertyOptional({ maxLength: 200, example: 'December sale' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: CAMPAIGN_MESSAGE_TYPES, default: 'promotional' })
  @IsOptional()
  @IsIn(CAMPAIGN_MESSAGE_TYPES)
  type?: CampaignMessageType;

  @ApiPropertyOptional({ enum: ROUTE_PREFERENCES, description: 'Default: providers for promotional, auto for transactional.' })
  @IsOptional()
  @IsIn(ROUTE_PREFERENCES)
  route?: RoutePreference;

  @ApiPropertyOptional({ maxLength: 128, default: 'phone', description: 'The column holding the numbers.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  phoneColumn?: string;

  @ApiPropertyOptional({ minLength: 2, maxLength: 2, example: 'EG', description: 'ISO 3166 alpha-2 country for national numbers.' })
  @IsOptional()
  @Length(2, 2)
  defaultCountry?: string;

  @ApiPropertyOptional({ maxLength: 128, default: 'message', description: 'The column holding prebuilt texts (when no template is given).' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  bodyColumn?: string;

  @ApiPropertyOptional({ maxLength: 1_600, example: 'Hi {{name}}, 20% off today.', description: 'Inline template; {{column}} placeholders filled from the row.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1_600)
  template?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A stored template (POST /v1/templates) instead of an inline one.' })
  @IsOptional()
  @IsUUID()
  templateId?: string;

  @ApiPropertyOptional({ minimum: 1, description: 'A version of templateId (default: its current one).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  templateVersion?: number;

  @ApiPropertyOptional({ format: 'date-time', description: 'Start at this time (the campaign is scheduled when started before).' })
  @IsOptional()
  @IsDateString()
  scheduleAt?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100_000, example: 50, description: 'Messages a second at most (default: as fast as the platform goes).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  ratePerSecond?: number;

  @ApiPropertyOptional({ type: () => SendWindow })
  @IsOptional()
  @ValidateNested()
  @Type(() => SendWindow)
  sendWindow?: SendWindow;

  @ApiPropertyOptional({ format: 'date-time', description: 'Recipients not sent by then are not sent (expired).' })
  @IsOptional()
  @IsDateString()
  expiresAt?: string;

  @ApiPropertyOptional({ maxLength: 2_048, description: "Receives every recipient's signed status callbacks." })
  @IsOptional()
  @IsString()
  @MaxLength(2_048)
  callbackUrl?: string;

  @ApiPropertyOptional({
    maxLength: 16,
    example: 'ZAGEL',
    description: "Every message's from (see POST /v1/messages): rows to countries that refuse an alphanumeric id are refused with sender_id_not_supported.",
  })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  senderId?: string;

  @ApiPropertyOptional({ default: false, description: 'Keep repeated numbers (default: the first row of each number is kept).' })
  @IsOptional()
  @IsBoolean()
  allowDuplicates?: boolean;

  @ApiPropertyOptional({ default: false, description: 'Start at once (default: created as a draft to review).' })
  @IsOptional()
  @IsBoolean()
  start?: boolean;
}
