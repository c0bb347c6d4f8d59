import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { PlatformConfig, SERVICE_PORTS } from '@zagel/config';

/** device-gateway settings: the platform's, plus the phones' socket protocol limits. */
export class DeviceGatewayConfig extends PlatformConfig {
  override PORT: number = SERVICE_PORTS['device-gateway'];

  /** How long a phone has to answer `sms:send` before the lease goes back (`ack_timeout`). */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(120_000)
  DEVICE_ACK_TIMEOUT_MS = 5_000;

  /**
   * How long, after accepting, a phone has to report `sent` (pool-dispatcher's deadline, the same
   * setting): an accepted message holds one of the phone's slots no longer than this after its ack.
   */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  DEVICE_SEND_TIMEOUT_MS = 60_000;

  /** Messages one phone may hold at once (pushed, not yet reported sent or failed). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  DEVICE_MAX_IN_FLIGHT = 2;

  /** A phone's presence expires this long after its last heartbeat (or connection). */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(3_600)
  DEVICE_PRESENCE_TTL_SECONDS = 120;

  /** Largest message a phone may send; a bigger one closes its connection. */
  @Type(() => Number)
  @IsInt()
  @Min(1_024)
  @Max(1_048_576)
  DEVICE_MAX_PAYLOAD_BYTES = 16_384;

  /** Events one socket may send per second (bursts up to twice this); the rest are refused. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  DEVICE_EVENTS_PER_SECOND = 20;

  /** What phones are told to wait before reconnecting when this instance shuts down. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3_600)
  DEVICE_RECONNECT_AFTER_SECONDS = 2;
}
