import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsDateString, IsEmail, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ACCOUNT_TYPES, AccountType, API_KEY_SCOPES, ApiKeyScope, ORGANIZATION_ROLES, ORGANIZATION_STATUSES, OrganizationRole, OrganizationStatus } from './identity';

export class UserView {
  @IsUUID()
  id: string;

  @IsEmail()
  email: string;

  @IsString()
  name: string;

  @IsIn(ACCOUNT_TYPES)
  accountType: AccountType;

  @IsBoolean()
  platformAdmin: boolean;

  @IsDateString()
  createdAt: string;
}

export class OrganizationView {
  @IsUUID()
  id: string;

  @IsString()
  name: string;

  @IsIn(ORGANIZATION_STATUSES)
  status: OrganizationStatus;

  @IsDateString()
  createdAt: string;
}

export class MembershipView {
  @Type(() => OrganizationView)
  @ValidateNested()
  organization: OrganizationView;

  @IsIn(ORGANIZATION_ROLES)
  role: OrganizationRole;
}

export class MemberView {
  @Type(() => UserView)
  @ValidateNested()
  user: UserView;

  @IsIn(ORGANIZATION_ROLES)
  role: OrganizationRole;

  @IsDateString()
  joinedAt: string;
}

export class TokenPair {
  @IsString()
  accessToken: string;

  @IsString()
  refreshToken: string;

  /** Seconds until the access token expires. */
  @IsInt()
  @Min(1)
  expiresIn: number;

  @IsIn(['Bearer'])
  tokenType: 'Bearer';
}

export class ApiKeyView {
  @IsUUID()
  id: string;

  @IsString()
  name: string;

  /** The first characters of the key (`zk_live_ab12`), enough to recognize it. */
  @IsString()
  prefix: string;

  @IsArray()
  @IsIn(API_KEY_SCOPES, { each: true })
  scopes: ApiKeyScope[];

  @IsDateString()
  createdAt: string;

  @IsOptional()
  @IsDateString()
  lastUsedAt?: string;

  @IsOptional()
  @IsUUID()
  createdBy?: string;
}

/** Where a cursor-paginated list continues, and how much of it to return. */
export class PageRequest {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

/** A page of a cursor-paginated list. */
export class PageInfo {
  @IsOptional()
  @IsString()
  nextCursor?: string;
}
