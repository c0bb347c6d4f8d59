import { IsIn, IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { defineRpc } from '../contract';
import { RpcType } from '../routing-keys';
import { ReceiveProviderReportRequest } from './provider-reports.rpc';

/**
 * An inbound-SMS (MO) webhook request exactly as the gateway received it: the same raw parts as a delivery
 * report, for the account's adapter to verify and read. `provider` is the path segment (account name or id,
 * or a kind with a single account).
 */
export class ReceiveProviderInboundRequest extends ReceiveProviderReportRequest {}

/** What the gateway answers the provider: each provider expects its own (Twilio an empty TwiML document). */
export class ReceivedProviderInbound {
  /** Inbound messages the request carried (published, or already published by an earlier call). */
  @IsInt()
  @Min(0)
  messages: number;

  @IsInt()
  @Min(200)
  @Max(299)
  status: number;

  @IsIn(['text/plain', 'text/xml', 'application/json'])
  contentType: string;

  @IsString()
  @MaxLength(1_000)
  body: string;
}

export const ReceiveProviderInbound = defineRpc(
  RpcType.ReceiveProviderInbound,
  1,
  ReceiveProviderInboundRequest,
  ReceivedProviderInbound,
);
