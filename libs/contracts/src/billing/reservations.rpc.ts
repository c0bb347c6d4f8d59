import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
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
  ValidateNested,
} from 'class-validator';
import { defineRpc } from '../contract';
import { MESSAGE_TYPES, MessageType } from '../messages/message-types';
import { RpcType } from '../routing-keys';

export const RESERVATION_STATUSES = ['open', 'captured', 'released', 'expired'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

export const PRICED_ROUTES = ['device', 'provider'] as const;
export type PricedRoute = (typeof PRICED_ROUTES)[number];

/** What a reservation pays for, so billing can capture the price of the route actually taken. */
export class MessagePricing {
  @Length(2, 2)
  @Matches(/^[A-Z]{2}$/)
  country: string;

  @IsIn(MESSAGE_TYPES)
  messageType: MessageType;

  @IsInt()
  @Min(1)
  @Max(255)
  segments: number;
}

export class ReserveBalanceRequest {
  @IsUUID()
  organizationId: string;

  /** Integer minor units of the platform currency. */
  @IsInt()
  @Min(0)
  amount: number;

  /** The caller's idempotency key, usually the message id: reserving the same reference twice returns the first reservation. */
  @IsString()
  @MaxLength(128)
  reference: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => MessagePricing)
  pricing?: MessagePricing;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 3600)
  expiresInSeconds?: number;
}

export class ReservationView {
  @IsUUID()
  reservationId: string;

  @IsUUID()
  organizationId: string;

  @IsString()
  reference: string;

  @IsInt()
  amount: number;

  @IsInt()
  capturedAmount: number;

  @IsIn(RESERVATION_STATUSES)
  status: ReservationStatus;

  @IsString()
  currency: string;

  @IsDateString()
  expiresAt: string;
}

export class ReserveManyItem {
  @IsString()
  @MaxLength(128)
  reference: string;

  @IsInt()
  @Min(0)
  amount: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => MessagePricing)
  pricing?: MessagePricing;
}

/** Reserves items in order until the wallet runs dry; the rest come back as insufficient. */
export class ReserveManyRequest {
  @IsUUID()
  organizationId: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => ReserveManyItem)
  items: ReserveManyItem[];

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 3600)
  expiresInSeconds?: number;
}

export class InsufficientItem {
  @IsString()
  reference: string;

  @IsInt()
  shortfall: number;
}

/**
 * A count rather than a view per item: a 10,000-item batch would otherwise send back (and have
 * parsed and validated) ten thousand views nobody reads. The items not counted are `insufficient`.
 */
export class ReserveManyReply {
  /** How many of the distinct references hold a reservation now (made by this call or before it). */
  @IsInt()
  @Min(0)
  reserved: number;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => InsufficientItem)
  insufficient: InsufficientItem[];

  @IsInt()
  available: number;
}

export class CaptureReservationRequest {
  @IsUUID()
  organizationId: string;

  @IsString()
  @MaxLength(128)
  reference: string;

  /** Capture part of the reservation (the rest is released); the whole amount when absent. */
  @IsOptional()
  @IsInt()
  @Min(0)
  amount?: number;
}

export class ReleaseReservationRequest {
  @IsUUID()
  organizationId: string;

  @IsString()
  @MaxLength(128)
  reference: string;
}

export class QuotePriceRequest {
  @IsUUID()
  organizationId: string;

  @Length(2, 2)
  @Matches(/^[A-Z]{2}$/)
  country: string;

  @IsIn(MESSAGE_TYPES)
  messageType: MessageType;

  /** The route if known; absent quotes the dearer of the two, which is what a sender should reserve. */
  @IsOptional()
  @IsIn(PRICED_ROUTES)
  route?: PricedRoute;

  @IsInt()
  @Min(1)
  @Max(255)
  segments: number;
}

export class PriceQuote {
  @IsString()
  currency: string;

  /** Price of one segment, minor units. */
  @IsInt()
  unitPrice: number;

  @IsInt()
  segments: number;

  /** unitPrice × segments. */
  @IsInt()
  amount: number;
}

/**
 * Billing's reservation RPCs. Errors: `insufficient_funds` with details
 * `{ shortfall, available, currency }`; `reservation_not_found`; `reservation_closed`.
 */
export const ReserveBalance = defineRpc(RpcType.ReserveBalance, 1, ReserveBalanceRequest, ReservationView);
/** On billing's bulk RPC queue: a live `billing.reserve` never waits behind a batch's reservations. */
export const ReserveMany = defineRpc(RpcType.ReserveMany, 1, ReserveManyRequest, ReserveManyReply, { lane: 'bulk' });
export const CaptureReservation = defineRpc(RpcType.CaptureReservation, 1, CaptureReservationRequest, ReservationView);
export const ReleaseReservation = defineRpc(RpcType.ReleaseReservation, 1, ReleaseReservationRequest, ReservationView);
export const QuotePrice = defineRpc(RpcType.QuotePrice, 1, QuotePriceRequest, PriceQuote);
