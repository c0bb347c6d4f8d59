import { Type } from 'class-transformer';
import { IsEmail, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { PlatformConfig, SERVICE_PORTS } from '@zagel/config';

/** auth settings: the platform's, plus the session, throttle and key-rotation knobs. */
export class AuthConfig extends PlatformConfig {
  override PORT: number = SERVICE_PORTS['auth'];

  /** The first platform operator, created at start if no user has this email (set both or neither). */
  @ValidateIf((settings: AuthConfig) => settings.ADMIN_EMAIL !== undefined || settings.ADMIN_PASSWORD !== undefined)
  @IsEmail({}, { message: 'ADMIN_EMAIL must be an email (set ADMIN_EMAIL and ADMIN_PASSWORD together, or neither)' })
  ADMIN_EMAIL?: string;

  @ValidateIf((settings: AuthConfig) => settings.ADMIN_EMAIL !== undefined || settings.ADMIN_PASSWORD !== undefined)
  @IsString({ message: 'ADMIN_PASSWORD must be set with ADMIN_EMAIL' })
  @MinLength(10)
  @MaxLength(256)
  ADMIN_PASSWORD?: string;

  @Type(() => Number)
  @IsInt()
  @Min(30)
  @Max(86_400)
  AUTH_ACCESS_TOKEN_TTL_SECONDS = 900;

  @Type(() => Number)
  @IsInt()
  @Min(60)
  AUTH_REFRESH_TOKEN_TTL_SECONDS = 30 * 86_400;

  /** A signing key older than this is replaced (fractions allowed, for tests); retired keys stay published until their tokens expire. */
  @Type(() => Number)
  @IsNumber()
  @Min(0.00001)
  AUTH_SIGNING_KEY_ROTATION_DAYS = 30;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT = 5;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  AUTH_LOGIN_MAX_FAILURES_PER_IP = 20;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  AUTH_LOGIN_FAILURE_WINDOW_SECONDS = 900;

  /** Where owner notifications are emailed through: smtp://user:pass@host:587 (STARTTLS) or smtps://...:465; unset, no email. */
  @IsOptional()
  @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** The From of those emails. */
  @IsString()
  @MinLength(3)
  MAIL_FROM = 'Zagel <notifications@zagel.local>';
}
