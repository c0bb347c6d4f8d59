import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsDateString, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, Min, ValidateNested } from 'class-validator';
import { defineRpc } from '../contract';
import { MESSAGE_TYPES, MessageType } from '../messages/message-types';
import { RpcType } from '../routing-keys';
import { PRICED_ROUTES, PricedRoute } from './reservations.rpc';

/** The highest price per segment an operator may set, in minor units: a typo guard. */
export const MAX_UNIT_PRICE = 1_000_000;

const COUNTRY_CODE = /^[A-Z]{2}$/;
const COUNTRY_CODE_RULE = { message: 'country must be an ISO 3166 alpha-2 code in capitals' };

/** A price per SMS segment; an absent country, route or message type matches any (the most specific match wins). */
export class PriceView {
  @ApiProperty({ format: 'uuid', example: '0190a6f2-7c3e-7abc-8def-0123456789f2' })
  @IsUUID()
  id: string;

  @ApiPropertyOptional({ example: 'EG', description: 'Absent: any country.' })
  @IsOptional()
  @Matches(COUNTRY_CODE)
  country?: string;

  @ApiPropertyOptional({ enum: PRICED_ROUTES, description: 'Absent: any route.' })
  @IsOptional()
  @IsIn(PRICED_ROUTES)
  route?: PricedRoute;

  @ApiPropertyOptional({ enum: MESSAGE_TYPES, description: 'Absent: any message type.' })
  @IsOptional()
  @IsIn(MESSAGE_TYPES)
  messageType?: MessageType;

  /** Minor units per segment. */
  @ApiProperty({ minimum: 0, example: 3, description: 'Minor units per SMS segment.' })
  @IsInt()
  @Min(0)
  unitPrice: number;

  @ApiProperty({ example: 'USD' })
  @IsString()
  currency: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-23T12:00:00.000Z' })
  @IsDateString()
  updatedAt: string;
}

export class ListPricesRequest {
  /** Only the rows that can price messages to this country (its own and the wildcards). */
  @ApiPropertyOptional({ example: 'EG', description: 'Only the prices that apply to this country (its own and the defaults).' })
  @IsOptional()
  @Matches(COUNTRY_CODE, COUNTRY_CODE_RULE)
  country?: string;
}

export class PriceList {
  @ApiProperty({ example: 'USD' })
  @IsString()
  currency: string;

  @ApiProperty({ type: () => [PriceView], description: 'The most specific match (country, then route, then type) prices a message.' })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PriceView)
  items: PriceView[];
}

export class CreatePriceRequest {
  @ApiPropertyOptional({ example: 'EG', description: 'ISO 3166 alpha-2 in capitals; absent: any country.' })
  @IsOptional()
  @Matches(COUNTRY_CODE, COUNTRY_CODE_RULE)
  country?: string;

  @ApiPropertyOptional({ enum: PRICED_ROUTES, description: 'Absent: any route.' })
  @IsOptional()
  @IsIn(PRICED_ROUTES)
  route?: PricedRoute;

  @ApiPropertyOptional({ enum: MESSAGE_TYPES, description: 'Absent: any message type.' })
  @IsOptional()
  @IsIn(MESSAGE_TYPES)
  messageType?: MessageType;

  @ApiProperty({ minimum: 0, maximum: MAX_UNIT_PRICE, example: 4, description: 'Minor units per SMS segment.' })
  @IsInt()
  @Min(0)
  @Max(MAX_UNIT_PRICE)
  unitPrice: number;
}

export class UpdatePriceRequest {
  @IsUUID()
  priceId: string;

  @ApiProperty({ minimum: 0, maximum: MAX_UNIT_PRICE, example: 4, description: 'Minor units per SMS segment.' })
  @IsInt()
  @Min(0)
  @Max(MAX_UNIT_PRICE)
  unitPrice: number;
}

export class DeletePriceRequest {
  @IsUUID()
  priceId: string;
}

export class DeletedPrice {
  @IsUUID()
  id: string;
}

/** Errors: `price_not_found`, `price_exists` (same country/route/type), `default_price_required` (the catch-all cannot be deleted). */
export const ListPrices = defineRpc(RpcType.ListPrices, 1, ListPricesRequest, PriceList);
export const CreatePrice = defineRpc(RpcType.CreatePrice, 1, CreatePriceRequest, PriceView);
export const UpdatePrice = defineRpc(RpcType.UpdatePrice, 1, UpdatePriceRequest, PriceView);
export const DeletePrice = defineRpc(RpcType.DeletePrice, 1, DeletePriceRequest, DeletedPrice);
