import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { defineRpc } from '../contract';
import { RpcType } from '../routing-keys';
import { OrganizationView, TokenPair, UserView } from './auth-views';
import { ACCOUNT_TYPES, AccountType, EMAIL_MAX_LENGTH } from './identity';

/** Who is asking, as the gateway saw it: the login throttle counts per account and per IP. */
export class ClientInfo {
  @IsOptional()
  @IsString()
  @MaxLength(64)
  ip?: string;

  @IsOptional()
  @IsString()
  @MaxLength(512)
  userAgent?: string;
}

export class RegisterRequest {
  @ApiProperty({ format: 'email', maxLength: EMAIL_MAX_LENGTH, example: 'layla@example.com' })
  @IsEmail()
  @MaxLength(EMAIL_MAX_LENGTH)
  email: string;

  /** Strength is checked by auth (length, common passwords), so the rule lives in one place. */
  @ApiProperty({ minLength: 1, maxLength: 256, example: 'correct horse battery staple', description: 'At least 10 characters, not a common password.' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password: string;

  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Layla Haddad' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 200, example: 'Acme Pharmacies', description: 'Customers: the organization to create (default: the name).' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  organizationName?: string;

  @ApiProperty({ enum: ACCOUNT_TYPES, example: 'customer', description: 'customer: sends through the API; device_owner: lends phones to the pool.' })
  @IsIn(ACCOUNT_TYPES)
  accountType: AccountType;

  /** Filled by the gateway from the connection, never by the caller. */
  @Type(() => ClientInfo)
  @ValidateNested()
  client: ClientInfo;
}

export class SessionReply {
  @ApiProperty({ type: () => UserView })
  @Type(() => UserView)
  @ValidateNested()
  user: UserView;

  @ApiPropertyOptional({ type: () => OrganizationView, description: 'The organization the session acts for (none for phone owners).' })
  @IsOptional()
  @Type(() => OrganizationView)
  @ValidateNested()
  organization?: OrganizationView;

  @ApiProperty({ type: () => TokenPair })
  @Type(() => TokenPair)
  @ValidateNested()
  tokens: TokenPair;
}

export class LoginRequest {
  @ApiProperty({ format: 'email', maxLength: EMAIL_MAX_LENGTH, example: 'layla@example.com' })
  @IsEmail()
  @MaxLength(EMAIL_MAX_LENGTH)
  email: string;

  @ApiProperty({ maxLength: 256, example: 'correct horse battery staple' })
  @IsString()
  @MaxLength(256)
  password: string;

  /** Which of the user's organizations the session acts for (default: the oldest membership). */
  @ApiPropertyOptional({ format: 'uuid', example: '0190a6f2-7c3e-7abc-8def-0123456789ac', description: 'Act for this organization (default: the oldest membership).' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @Type(() => ClientInfo)
  @ValidateNested()
  client: ClientInfo;
}

export class RefreshRequest {
  @ApiProperty({ maxLength: 512, example: 'zr_3q2+7w...' })
  @IsString()
  @MaxLength(512)
  refreshToken: string;

  @ApiPropertyOptional({ format: 'uuid', example: '0190a6f2-7c3e-7abc-8def-0123456789ac', description: 'Switch to another of your organizations.' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;
}

export class LogoutRequest {
  @ApiProperty({ maxLength: 512, example: 'zr_3q2+7w...' })
  @IsString()
  @MaxLength(512)
  refreshToken: string;
}

export class Done {
  @IsOptional()
  @IsString()
  note?: string;
}

export const Register = defineRpc(RpcType.Register, 1, RegisterRequest, SessionReply);
export const Login = defineRpc(RpcType.Login, 1, LoginRequest, SessionReply);
export const RefreshSession = defineRpc(RpcType.RefreshSession, 1, RefreshRequest, SessionReply);
export const Logout = defineRpc(RpcType.Logout, 1, LogoutRequest, Done);
