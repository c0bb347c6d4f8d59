import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsDateString, IsIn, IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { PlatformMessageRate } from '../ingestion/analytics.rpc';

export const BUS_QUEUE_KINDS = ['work', 'rpc', 'dead'] as const;
export type BusQueueKind = (typeof BUS_QUEUE_KINDS)[number];

/** One of the platform's queues on the broker, as a passive declare (`checkQueue`) sees it. */
export class BusQueueView {
  @ApiProperty({ example: 'zagel.ingestion.bulk', description: 'The queue name on the broker.' })
  @IsString()
  name: string;

  @ApiProperty({ example: 'ingestion', description: 'The service that consumes it.' })
  @IsString()
  service: string;

  @ApiProperty({ enum: BUS_QUEUE_KINDS, example: 'work', description: 'work: events or commands; rpc: requests; dead: dead letters of a work queue.' })
  @IsIn(BUS_QUEUE_KINDS)
  kind: BusQueueKind;

  @ApiProperty({ example: 42, minimum: 0, description: 'Messages ready (not yet delivered to a consumer).' })
  @IsInt()
  @Min(0)
  messages: number;

  @ApiProperty({ example: 2, minimum: 0 })
  @IsInt()
  @Min(0)
  consumers: number;
}

/** `GET /v1/admin/platform`: the bus queues' depths and the platform's message rate. */
export class PlatformOverview {
  @ApiProperty({ format: 'date-time', example: '2026-11-23T12:00:00.000Z', description: 'When the queues were read.' })
  @IsDateString()
  checkedAt: string;

  @ApiProperty({ type: () => [BusQueueView], description: 'Every service queue that exists, by service then name (per-instance and retry queues left out).' })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => BusQueueView)
  queues: BusQueueView[];

  @ApiProperty({ type: () => PlatformMessageRate })
  @ValidateNested()
  @Type(() => PlatformMessageRate)
  messageRate: PlatformMessageRate;
}
