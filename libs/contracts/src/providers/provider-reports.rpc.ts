import { IsIn, IsObject, IsString, MaxLength, Min, IsInt } from 'class-validator';
import { defineRpc } from '../contract';
import { RpcType } from '../routing-keys';

/** A delivery-report request exactly as the gateway received it, for the provider's adapter to verify and read. */
export class ReceiveProviderReportRequest {
  /** The provider account's name or id, from the webhook path. */
  @IsString()
  @MaxLength(64)
  provider: string;

  @IsIn(['GET', 'POST', 'PUT'])
  method: string;

  /** The public URL the provider called (proxy-aware), which some providers sign. */
  @IsString()
  @MaxLength(4_096)
  url: string;

  /** Lower-case names. */
  @IsObject()
  headers: Record<string, string>;

  /** The body as received (UTF-8). */
  @IsString()
  @MaxLength(1_048_576)
  rawBody: string;

  @IsObject()
  query: Record<string, string>;
}

export class ReceivedProviderReport {
  /** Reports the request carried. */
  @IsInt()
  @Min(0)
  reports: number;
}

export const ReceiveProviderReport = defineRpc(
  RpcType.ReceiveProviderReport,
  1,
  ReceiveProviderReportRequest,
  ReceivedProviderReport,
);
