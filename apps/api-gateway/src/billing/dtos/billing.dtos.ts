import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, NotEquals } from 'class-validator';
import { LEDGER_ENTRY_KINDS, LedgerEntryKind, MESSAGE_TYPES, MessageType, PRICED_ROUTES, PricedRoute, REWARD_SOURCES, RewardSource } from '@zagel/contracts';
import { PageQuery } from '../../api-keys/dtos/api-key.dtos';

export class BalanceResponse {
  @ApiProperty({ example: 9_400, description: 'Minor units spendable now.' }) available: number;
  @ApiProperty({ example: 600, description: 'Held for messages in flight.' }) reserved: number;
  @ApiProperty({ example: 10_000 }) balance: number;
  @ApiProperty({ example: 'USD' }) currency: string;
}

export class LedgerQuery extends PageQuery {
  @ApiPropertyOptional({ enum: LEDGER_ENTRY_KINDS })
  @IsOptional()
  @IsIn(LEDGER_ENTRY_KINDS)
  kind?: LedgerEntryKind;

  @ApiPropertyOptional({ example: '2026-11-01T00:00:00Z', description: 'Entries at or after this time.' })
  @IsOptional()
  @IsDateString()
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00Z', description: 'Entries before this time.' })
  @IsOptional()
  @IsDateString()
  to?: string;
}

export class LedgerEntryResponse {
  @ApiProperty({ example: '1042' }) id: string;
  @ApiProperty() transactionId: string;
  @ApiProperty({ enum: LEDGER_ENTRY_KINDS }) kind: LedgerEntryKind;
  @ApiProperty({ example: -6, description: 'Signed minor units; positive credits the wallet.' }) amount: number;
  @ApiProperty({ example: 9_994 }) balanceAfter: number;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty() reference: string;
  @ApiPropertyOptional() description?: string;
  @ApiProperty() createdAt: string;
}

export class LedgerPageResponse {
  @ApiProperty({ type: [LedgerEntryResponse] }) items: LedgerEntryResponse[];
  @ApiPropertyOptional() nextCursor?: string;
}

export class PriceResponse {
  @ApiProperty() id: string;
  @ApiPropertyOptional({ example: 'EG', description: 'Absent: any country.' }) country?: string;
  @ApiPropertyOptional({ enum: PRICED_ROUTES, description: 'Absent: any route.' }) route?: PricedRoute;
  @ApiPropertyOptional({ enum: MESSAGE_TYPES, description: 'Absent: any message type.' }) messageType?: MessageType;
  @ApiProperty({ example: 3, description: 'Minor units per SMS segment.' }) unitPrice: number;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty() updatedAt: string;
}

export class PriceListResponse {
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({ type: [PriceResponse], description: 'The most specific match (country, then route, then type) prices a message.' })
  items: PriceResponse[];
}

export class PriceQuery {
  @ApiPropertyOptional({ example: 'EG', description: "Only the prices that apply to this country (its own and the defaults)." })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166 alpha-2 code in capitals' })
  country?: string;
}

export class CreatePriceBody {
  @ApiPropertyOptional({ example: 'EG' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166 alpha-2 code in capitals' })
  country?: string;

  @ApiPropertyOptional({ enum: PRICED_ROUTES })
  @IsOptional()
  @IsIn(PRICED_ROUTES)
  route?: PricedRoute;

  @ApiPropertyOptional({ enum: MESSAGE_TYPES })
  @IsOptional()
  @IsIn(MESSAGE_TYPES)
  messageType?: MessageType;

  @ApiProperty({ example: 4 })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  unitPrice: number;
}

export class UpdatePriceBody {
  @ApiProperty({ example: 4 })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  unitPrice: number;
}

export class CheckoutBody {
  @ApiProperty({ example: 2_000, description: 'Minor units of the platform currency.' })
  @IsInt()
  @Min(1)
  amount: number;
}

export class CheckoutResponse {
  @ApiProperty({ example: 'cs_test_a1b2c3' }) sessionId: string;
  @ApiProperty({ example: 'https://checkout.stripe.com/c/pay/cs_test_a1b2c3' }) url: string;
  @ApiProperty({ example: 2_000 }) amount: number;
  @ApiProperty({ example: 'USD' }) currency: string;
}

export class AdjustCreditsBody {
  @ApiProperty({ example: 5_000, description: 'Signed minor units: positive credits, negative debits.' })
  @IsInt()
  @NotEquals(0)
  @Min(-1_000_000_000)
  @Max(1_000_000_000)
  amount: number;

  @ApiProperty({ example: 'goodwill credit for the outage of 2026-11-28' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason: string;
}

export class AdjustmentResponse {
  @ApiProperty() transactionId: string;
  @ApiProperty({ example: 5_000 }) amount: number;
  @ApiProperty({ type: BalanceResponse }) balance: BalanceResponse;
}

export class RewardResponse {
  @ApiProperty() messageId: string;
  @ApiPropertyOptional() deviceId?: string;
  @ApiProperty({ example: 1 }) tokens: number;
  @ApiProperty({ enum: REWARD_SOURCES }) source: RewardSource;
  @ApiProperty() createdAt: string;
}

export class RewardPageResponse {
  @ApiProperty({ example: 42, description: 'Reward tokens in the wallet.' }) balance: number;
  @ApiProperty({ type: [RewardResponse] }) items: RewardResponse[];
  @ApiPropertyOptional() nextCursor?: string;
}

export class StripeWebhookResponse {
  @ApiProperty({ example: true }) received: boolean;
}

