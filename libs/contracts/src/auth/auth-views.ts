import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsDateString, IsEmail, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ACCOUNT_TYPES, AccountType, API_KEY_SCOPES, ApiKeyScope, ORGANIZATION_ROLES, ORGANIZATION_STATUSES, OrganizationRole, OrganizationStatus } from './identity';

export class UserView {
  @ApiProperty({ format: 'uuid', example: '0190a6f2-7c3e-7abc-8def-0123456789ab' })
  @IsUUID()
  id: string;

  @ApiProperty({ format: 'email', example: 'layla@example.com' })
  @IsEmail()
  email: string;

  @ApiProperty({ example: 'Layla Haddad' })
  @IsString()
  name: string;

  @ApiProperty({ enum: ACCOUNT_TYPES, example: 'customer', description: 'customer: sends through the API; device_owner: lends phones to the pool.' })
  @IsIn(ACCOUNT_TYPES)
  accountType: AccountType;

  @ApiProperty({ example: false, description: 'A platform operator.' })
  @IsBoolean()
  platformAdmin: boolean;

  @ApiProperty({ format: 'date-time', example: '2026-11-23T12:00:00.000Z' })
  @IsDateString()
  createdAt: string;
}

export class OrganizationView {
  @ApiProperty({ format: 'uuid', example: '0190a6f2-7c3e-7abc-8def-0123456789ac' })
  @IsUUID()
  id: string;

  @ApiProperty({ example: 'Acme Pharmacies' })
  @IsString()
  name: string;

  @ApiProperty({ enum: ORGANIZATION_STATUSES, example: 'active' })
  @IsIn(ORGANIZATION_STATUSES)
  status: OrganizationStatus;

  @ApiProperty({ format: 'date-time', example: '2026-11-23T12:00:00.000Z' })
  @IsDateString()
  createdAt: string;
}

export class MembershipView {
  @ApiProperty({ type: () => OrganizationView })
  @Type(() => OrganizationView)
  @ValidateNested()
  organization: OrganizationView;

  @ApiProperty({ enum: ORGANIZATION_ROLES, example: 'owner' })
  @IsIn(ORGANIZATION_ROLES)
  role: OrganizationRole;
}

export class MemberView {
  @ApiProperty({ type: () => UserView })
  @Type(() => UserView)
  @ValidateNested()
  user: UserView;

  @ApiProperty({ enum: ORGANIZATION_ROLES, example: 'admin' })
  @IsIn(ORGANIZATION_ROLES)
  role: OrganizationRole;

  @ApiProperty({ format: 'date-time', example: '2026-11-23T12:00:00.000Z' })
  @IsDateString()
  joinedAt: string;
}

export class TokenPair {
  @ApiProperty({ example: 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjIwMjYtMTEifQ...', description: 'RS256 JWT for `Authorization: Bearer`.' })
  @IsString()
  accessToken: string;

  @ApiProperty({ example: 'zr_3q2+7w...', description: 'Trade it at POST /v1/auth/refresh; each use returns a new one.' })
  @IsString()
  refreshToken: string;

  @ApiProperty({ example: 900, minimum: 1, description: 'Seconds until the access token expires.' })
  @IsInt()
  @Min(1)
  expiresIn: number;

  @ApiProperty({ enum: ['Bearer'], example: 'Bearer' })
  @IsIn(['Bearer'])
  tokenType: 'Bearer';
}

export class ApiKeyView {
  @ApiProperty({ format: 'uuid', example: '0190a6f2-7c3e-7abc-8def-0123456789ad' })
  @IsUUID()
  id: string;

  @ApiProperty({ example: 'checkout backend' })
  @IsString()
  name: string;

  /** The first characters of the key (`zk_live_ab12`), enough to recognize it. */
  @ApiProperty({ example: 'zk_live_ab12', description: 'The first characters of the key, enough to recognize it.' })
  @IsString()
  prefix: string;

  @ApiProperty({ enum: API_KEY_SCOPES, isArray: true, example: ['verify'] })
  @IsArray()
  @IsIn(API_KEY_SCOPES, { each: true })
  scopes: ApiKeyScope[];

  @ApiProperty({ format: 'date-time', example: '2026-11-23T12:00:00.000Z' })
  @IsDateString()
  createdAt: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-11-23T12:30:00.000Z' })
  @IsOptional()
  @IsDateString()
  lastUsedAt?: string;

  @ApiPropertyOptional({ format: 'uuid', example: '0190a6f2-7c3e-7abc-8def-0123456789ab', description: 'The user who created it.' })
  @IsOptional()
  @IsUUID()
  createdBy?: string;

  /** The Twilio-compatible API's credentials: username `twilioKeySid` (or `twilioAccountSid`), password the key. Set by the gateway. */
  @ApiPropertyOptional({ example: 'AC0190a6f27c3e7abc8def0123456789aa', description: "The organization's Account SID for the Twilio-compatible API (/twilio)." })
  @IsOptional()
  @IsString()
  twilioAccountSid?: string;

  @ApiPropertyOptional({ example: 'SK0190a6f27c3e7abc8def0123456789ad', description: 'This key as a Twilio API key SID: the Basic username, with the key as password.' })
  @IsOptional()
  @IsString()
  twilioKeySid?: string;

  @ApiPropertyOptional({ example: 'VA0190a6f27c3e7abc8def0123456789aa', description: "The organization's Verify service SID for /twilio/v2/Services/{sid}." })
  @IsOptional()
  @IsString()
  twilioVerifyServiceSid?: string;
}

/** Where a cursor-paginated list continues, and how much of it to return. */
export class PageRequest {
  @ApiPropertyOptional({ maxLength: 200, description: 'nextCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, example: 50, description: 'Items per page (default 50).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

/** A page of a cursor-paginated list. */
export class PageInfo {
  @ApiPropertyOptional({ description: 'Pass as `cursor` for the next page; absent on the last one.' })
  @IsOptional()
  @IsString()
  nextCursor?: string;
}
