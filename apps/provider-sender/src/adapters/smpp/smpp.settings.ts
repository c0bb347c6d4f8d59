import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** One SMPP 3.4 bind (transceiver) to an SMSC. */
export class SmppSettings {
  @IsString()
  host: string;

  @IsInt()
  @Min(1)
  @Max(65_535)
  port: number;

  @IsOptional()
  @IsBoolean()
  tls?: boolean;

  @IsString()
  @MaxLength(15)
  systemId: string;

  @IsString()
  @MaxLength(8)
  password: string;

  @IsOptional()
  @IsString()
  @MaxLength(12)
  systemType?: string;

  /** Sender address: digits (sent as international/E.164) or an alphanumeric id (sent as TON 5). */
  @IsOptional()
  @IsString()
  @MaxLength(20)
  sourceAddr?: string;

  /** Most submit_sm the SMSC may have unanswered at once (each part of a long message counts). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  windowSize?: number;

  /**
   * `payload` (default): the whole text in one submit_sm's message_payload TLV, one message id, one receipt.
   * `udh`: one submit_sm per part with a concatenation UDH (for SMSCs without message_payload); receipts of the
   * parts are combined into one report for the first part's id.
   */
  @IsOptional()
  @IsIn(['payload', 'udh'])
  longMessages?: 'payload' | 'udh';

  @IsOptional()
  @IsInt()
  @Min(1000)
  @Max(300_000)
  enquireLinkMs?: number;

  /** How long a submit waits for its submit_sm_resp (and for a bind, when the link is down). */
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(120_000)
  responseTimeoutMs?: number;

  @IsOptional()
  @IsInt()
  @Min(10)
  @Max(60_000)
  reconnectMinMs?: number;

  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(600_000)
  reconnectMaxMs?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(255)
  maxSegments?: number;
}
