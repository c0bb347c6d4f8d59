import { Type } from 'class-transformer';
import { IsDateString, IsIn, IsInt, IsObject, IsOptional, IsString, Min } from 'class-validator';
import { defineRpc } from '../contract';
import { RpcType } from '../routing-keys';

export class PingRequest {
  @IsDateString()
  sentAt: string;
}

export type DependencyState = 'up' | 'down';

export class PingReply {
  @IsString()
  service: string;

  @IsString()
  instanceId: string;

  @IsString()
  version: string;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  uptimeSeconds: number;

  @IsIn(['up', 'degraded'])
  status: 'up' | 'degraded';

  /** Each dependency the service checked (database, redis, bus) and its state. */
  @IsOptional()
  @IsObject()
  dependencies?: Record<string, DependencyState>;
}

export const Ping = defineRpc(RpcType.Ping, 1, PingRequest, PingReply);
