import { Type } from 'class-transformer';
import { IsArray, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { defineRpc } from '../contract';
import { RpcType } from '../routing-keys';
import { MembershipView, UserView } from './auth-views';

export class GetProfileRequest {
  @IsUUID()
  userId: string;
}

export class ProfileReply {
  @Type(() => UserView)
  @ValidateNested()
  user: UserView;

  @IsArray()
  @Type(() => MembershipView)
  @ValidateNested({ each: true })
  memberships: MembershipView[];
}

export class UpdateProfileRequest {
  @IsUUID()
  userId: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  /** Changing the password needs the current one and revokes every other session. */
  @IsOptional()
  @IsString()
  @MaxLength(256)
  newPassword?: string;

  @IsOptional()
  @IsString()
  @MaxLength(256)
  currentPassword?: string;
}

export const GetProfile = defineRpc(RpcType.GetProfile, 1, GetProfileRequest, ProfileReply);
export const UpdateProfile = defineRpc(RpcType.UpdateProfile, 1, UpdateProfileRequest, ProfileReply);
