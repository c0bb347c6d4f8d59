import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { defineRpc } from '../contract';
import { RpcType } from '../routing-keys';
import { OrganizationView, TokenPair, UserView } from './auth-views';
import { ACCOUNT_TYPES, AccountType } from './identity';

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
  @IsEmail()
  email: string;

  /** Strength is checked by auth (length, common passwords), so the rule lives in one place. */
  @IsString()
  @MaxLength(256)
  password: string;

  @IsString()
  @MaxLength(200)
  name: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  organizationName?: string;

  @IsIn(ACCOUNT_TYPES)
  accountType: AccountType;

  @Type(() => ClientInfo)
  @ValidateNested()
  client: ClientInfo;
}

export class SessionReply {
  @Type(() => UserView)
  @ValidateNested()
  user: UserView;

  @IsOptional()
  @Type(() => OrganizationView)
  @ValidateNested()
  organization?: OrganizationView;

  @Type(() => TokenPair)
  @ValidateNested()
  tokens: TokenPair;
}

export class LoginRequest {
  @IsEmail()
  email: string;

  @IsString()
  @MaxLength(256)
  password: string;

  /** Which of the user's organizations the session acts for (default: the oldest membership). */
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @Type(() => ClientInfo)
  @ValidateNested()
  client: ClientInfo;
}

export class RefreshRequest {
  @IsString()
  @MaxLength(512)
  refreshToken: string;

  @IsOptional()
  @IsUUID()
  organizationId?: string;
}

export class LogoutRequest {
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
