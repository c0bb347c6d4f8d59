import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { CIRCUIT_STATES, MESSAGE_TYPES, MessageType, PROVIDER_NAME_PATTERN } from '@zagel/contracts';

const COUNTRY = /^([A-Z]{2}|\*)$/;
const notNull = (_: object, value: unknown) => value !== null;

export class UpdateProviderBody {
  @ApiPropertyOptional({
    description: "The adapter's settings (credentials included); merged over the stored ones. Send a secret's mask back to keep it, null to remove a setting.",
    example: { latencyMs: 50, reportDelayMs: 1000 },
  })
  @IsOptional()
  @IsObject()
  settings?: Record<string, unknown>;

  @ApiPropertyOptional({ example: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ example: 50, nullable: true, description: 'Messages per second across every instance (null: unlimited).' })
  @IsOptional()
  @ValidateIf(notNull)
  @IsInt()
  @Min(1)
  @Max(100_000)
  rateLimitPerSecond?: number | null;

  @ApiPropertyOptional({ example: 20, nullable: true, description: 'Submits in flight at once (null: unlimited).' })
  @IsOptional()
  @ValidateIf(notNull)
  @IsInt()
  @Min(1)
  @Max(10_000)
  maxConcurrency?: number | null;

  @ApiPropertyOptional({ example: 4, nullable: true, description: "Longest message in segments (null: the adapter's limit)." })
  @IsOptional()
  @ValidateIf(notNull)
  @IsInt()
  @Min(1)
  @Max(255)
  maxSegments?: number | null;

  @ApiPropertyOptional({ example: 'Zagel', nullable: true })
  @IsOptional()
  @ValidateIf(notNull)
  @IsString()
  @MaxLength(32)
  senderId?: string | null;
}

export class CreateProviderBody extends UpdateProviderBody {
  @ApiProperty({ example: 'twilio-us', description: 'Lowercase letters, digits, - and _; the webhook path uses it.' })
  @Matches(PROVIDER_NAME_PATTERN, { message: 'name must be lowercase letters, digits, - or _ (up to 64)' })
  name: string;

  @ApiProperty({ example: 'simulator', description: 'The adapter kind (simulator, twilio, vonage, plivo, sns, smsir, kavenegar, clickatell, http, smpp).' })
  @IsString()
  @MaxLength(32)
  kind: string;
}

export class ListProvidersQuery {
  @ApiPropertyOptional({ example: 'twilio', description: 'Only accounts of this kind.' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  kind?: string;
}

export class ListRoutesQuery {
  @ApiPropertyOptional({ description: "Only this organization's routes." })
  @IsOptional()
  @IsUUID()
  organizationId?: string;
}

export class ProviderHealthResponse {
  @ApiProperty({ enum: CIRCUIT_STATES }) circuit: string;
  @ApiProperty({ example: 1200 }) sent: number;
  @ApiProperty({ example: 3 }) failed: number;
  @ApiProperty({ example: 0.9975, nullable: true }) successRate: number | null;
  @ApiProperty({ example: 180, nullable: true }) latencyP50Ms: number | null;
  @ApiProperty({ example: 420, nullable: true }) latencyP95Ms: number | null;
}

export class ProviderResponse {
  @ApiProperty({ example: '0190a6f2-7c3e-7abc-8def-0123456789ad' }) id: string;
  @ApiProperty({ example: 'twilio-us' }) name: string;
  @ApiProperty({ example: 'twilio' }) kind: string;
  @ApiProperty({ example: { accountSid: 'AC123', authToken: '********' }, description: 'Credentials are always masked.' })
  settings: Record<string, unknown>;
  @ApiProperty() enabled: boolean;
  @ApiProperty({ nullable: true }) rateLimitPerSecond: number | null;
  @ApiProperty({ nullable: true }) maxConcurrency: number | null;
  @ApiProperty({ nullable: true }) maxSegments: number | null;
  @ApiProperty({ nullable: true }) senderId: string | null;
  @ApiProperty({ nullable: true, example: 'https://api.zagel.example/v1/webhooks/providers/twilio-us' }) reportUrl: string | null;
  @ApiPropertyOptional({ type: ProviderHealthResponse }) health?: ProviderHealthResponse;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class ProviderListResponse {
  @ApiProperty({ type: [ProviderResponse] }) items: ProviderResponse[];
}

export class UpdateRouteBody {
  @ApiPropertyOptional({ example: 'IR', description: 'ISO 3166 alpha-2 destination country, or * for any.' })
  @IsOptional()
  @Matches(COUNTRY, { message: 'country must be an ISO 3166 alpha-2 code or *' })
  country?: string;

  @ApiPropertyOptional({ enum: MESSAGE_TYPES, nullable: true, description: 'null or absent: any type.' })
  @IsOptional()
  @ValidateIf(notNull)
  @IsIn(MESSAGE_TYPES)
  messageType?: MessageType | null;

  @ApiPropertyOptional({ nullable: true, description: "Only this organization's messages; null or absent: everyone's." })
  @IsOptional()
  @ValidateIf(notNull)
  @IsUUID()
  organizationId?: string | null;

  @ApiPropertyOptional({ type: [String], description: 'Provider ids, tried in this order.' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  providers?: string[];
}

export class CreateRouteBody {
  @ApiProperty({ example: '*', description: 'ISO 3166 alpha-2 destination country, or * for any.' })
  @Matches(COUNTRY, { message: 'country must be an ISO 3166 alpha-2 code or *' })
  country: string;

  @ApiPropertyOptional({ enum: MESSAGE_TYPES, nullable: true, description: 'null or absent: any type.' })
  @IsOptional()
  @ValidateIf(notNull)
  @IsIn(MESSAGE_TYPES)
  messageType?: MessageType | null;

  @ApiPropertyOptional({ nullable: true, description: "Only this organization's messages; null or absent: everyone's." })
  @IsOptional()
  @ValidateIf(notNull)
  @IsUUID()
  organizationId?: string | null;

  @ApiProperty({ type: [String], description: 'Provider ids, tried in this order.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  providers: string[];
}

export class RouteResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: '*' }) country: string;
  @ApiProperty({ enum: MESSAGE_TYPES, nullable: true }) messageType: MessageType | null;
  @ApiProperty({ nullable: true }) organizationId: string | null;
  @ApiProperty({ type: [String] }) providers: string[];
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class RouteListResponse {
  @ApiProperty({ type: [RouteResponse] }) items: RouteResponse[];
}
