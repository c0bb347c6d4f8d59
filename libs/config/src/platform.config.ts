import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { hostname } from 'node:os';

const toNumberList = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((part) => Number(part.trim())) : value;

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** Settings every Zagel service reads. Defaults work on a developer machine. */
export class PlatformConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/zagel';

  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Connections each service keeps open to Postgres (its pool's maximum). */
  @Type(() => Number)
  @IsInt()
  @Min(2)
  @Max(1_000)
  DATABASE_POOL_SIZE = 10;

  /** Most outbox rows one sweep claims (and most one DELETE removes, times ten). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  OUTBOX_BATCH_SIZE = 500;

  /** How often the outbox sweeper looks for rows a crash or a failed publish left behind. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  OUTBOX_SWEEP_INTERVAL_MS = 5_000;

  /** An outbox row still there this long after its transaction began is a leftover the sweeper republishes. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  OUTBOX_SWEEP_AFTER_MS = 10_000;

  /** How long a consumer remembers a processed message id (redeliveries older than this run again). */
  @Type(() => Number)
  @IsInt()
  @Min(60_000)
  INBOX_RETENTION_MS = 7 * 24 * 3_600_000;

  @Matches(/^amqps?:\/\/.+/, { message: 'must be an amqp:// URL' })
  RABBITMQ_URL = 'amqp://guest:guest@127.0.0.1:5672';

  /** Prefix for schemas, exchanges, queues and Redis keys; tests set one per run. */
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_]{0,30}$/, { message: 'must be lowercase letters, digits or _, starting with a letter' })
  ZAGEL_NAMESPACE?: string;

  @IsString()
  INSTANCE_ID = `${hostname()}-${process.pid}`;

  /**
   * Proxies whose `X-Forwarded-For` is believed (comma-separated addresses or CIDRs, e.g. the
   * ingress controller's pod range). Unset: the client address is the socket's peer, so a client
   * cannot choose its own address for rate limits and audit records.
   */
  @IsOptional()
  @Matches(/^[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*$/, { message: 'must be comma-separated IP addresses or CIDR ranges' })
  TRUSTED_PROXIES?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsIn(['json', 'pretty'])
  LOG_FORMAT: 'json' | 'pretty' = 'json';

  /** Where unhandled errors are reported (Sentry); unset, nothing is reported and Sentry is not started. */
  @IsOptional()
  @Matches(/^https?:\/\/[^@\s/]+@[^\s/]+\/(.+\/)?\d+$/, { message: 'must be a Sentry DSN: https://<key>@<host>/<project id>' })
  SENTRY_DSN?: string;

  /** The environment Sentry files errors under; default NODE_ENV. */
  @IsOptional()
  @IsString()
  SENTRY_ENVIRONMENT?: string;

  /**
   * An OTLP collector (`http://otel-collector:4318`): set, the service exports traces there (the other
   * OTEL_* variables tune the exporter: protocol, batching, sampling); unset, no tracing SDK starts.
   */
  @IsOptional()
  @Matches(/^https?:\/\/.+/, { message: 'must be an http:// or https:// URL' })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  /** `service.name` of this process's spans; default the app's name (`otp`, `billing`...). */
  @IsOptional()
  @IsString()
  OTEL_SERVICE_NAME?: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  BUS_PREFETCH = 100;

  /** Unacked messages per `live` queue (OTP, single sends). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  BUS_LIVE_PREFETCH = 100;

  /** Unacked messages per `bulk` queue: small, so live deliveries of the same consumer never wait behind bulk ones. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  BUS_BULK_PREFETCH = 10;

  /**
   * How long the bookkeeping of a verification code (its message record, settlement and lease logs)
   * waits for company before its transaction starts; 0 commits each batch at once.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(5_000)
  BOOKKEEPING_LINGER_MS = 200;

  /** Ready messages a `live` event queue holds before it refuses publishes (the gateway answers 503). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  BUS_LIVE_MAX_LENGTH = 2_000;

  @Transform(toNumberList)
  @IsInt({ each: true })
  @Min(1, { each: true })
  BUS_RETRY_DELAYS_MS: number[] = [1_000, 5_000, 30_000, 120_000];

  /** When set, every queue the bus declares expires after this long unused (tests set it so leftovers vanish). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1_000)
  BUS_QUEUE_EXPIRES_MS?: number;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  RPC_TIMEOUT_MS = 5_000;

  /** Declare every bus queue as a quorum queue (replicated; a RabbitMQ cluster of three or more nodes). */
  @Transform(toBoolean)
  @IsBoolean()
  RABBITMQ_QUORUM = false;

  /**
   * Apply pending migrations at start (under the schema's advisory lock). `false` (production): a
   * migrations Job applies them (`main.js migrate`) and a service whose schema is behind refuses to start.
   */
  @Transform(toBoolean)
  @IsBoolean()
  MIGRATE_ON_START = true;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65_535)
  PORT: number;
}
