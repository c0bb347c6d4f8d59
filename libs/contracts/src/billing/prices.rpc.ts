import { Type } from 'class-transformer';
import { IsArray, IsDateString, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Min, ValidateNested } from 'class-validator';
import { defineRpc } from '../contract';
import { MESSAGE_TYPES, MessageType } from '../messages/message-types';
import { RpcType } from '../routing-keys';
import { PRICED_ROUTES, PricedRoute } from './reservations.rpc';

/** A price per SMS segment; an absent country, route or message type matches any (the most specific match wins). */
export class PriceView {
  @IsUUID()
  id: string;

  @IsOptional()
  @Matches(/^[A-Z]{2}$/)
  country?: string;

  @IsOptional()
  @IsIn(PRICED_ROUTES)
  route?: PricedRoute;

  @IsOptional()
  @IsIn(MESSAGE_TYPES)
  messageType?: MessageType;

  /** Minor units per segment. */
  @IsInt()
  @Min(0)
  unitPrice: number;

  @IsString()
  currency: string;

  @IsDateString()
  updatedAt: string;
}

export class ListPricesRequest {
  /** Only the rows that can price messages to this country (its own and the wildcards). */
  @IsOptional()
  @Matches(/^[A-Z]{2}$/)
  country?: string;
}

export class PriceList {
  @IsString()
  currency: string;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PriceView)
  items: PriceView[];
}

export class CreatePriceRequest {
  @IsOptional()
  @Matches(/^[A-Z]{2}$/)
  country?: string;

  @IsOptional()
  @IsIn(PRICED_ROUTES)
  route?: PricedRoute;

  @IsOptional()
  @IsIn(MESSAGE_TYPES)
  messageType?: MessageType;

  @IsInt()
  @Min(0)
  unitPrice: number;
}

export class UpdatePriceRequest {
  @IsUUID()
  priceId: string;

  @IsInt()
  @Min(0)
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
