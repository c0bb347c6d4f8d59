import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { defineRpc } from '../contract';
import { RpcType } from '../routing-keys';
import { MembershipView, UserView } from './auth-views';

export class GetProfileRequest {
  @IsUUID()
  userId: string;
}

export class ProfileReply {
  @ApiProperty({ type: () => UserView })
  @Type(() => UserView)
  @ValidateNested()
  user: UserView;

  @ApiProperty({ type: () => [MembershipView] })
  @IsArray()
  @Type(() => MembershipView)
  @ValidateNested({ each: true })
  memberships: MembershipView[];
}

export class UpdateProfileRequest {
  @IsUUID()
  userId: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 200, example: 'Layla H.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  /** Changing the password needs the current one and revokes every other session. */
  @ApiPropertyOptional({ maxLength: 256, example: 'a longer passphrase 2027', description: 'Needs currentPassword; ends every other session.' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  newPassword?: string;

  @ApiPropertyOptional({ maxLength: 256, example: 'correct horse battery staple' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  currentPassword?: string;
}

export const GetProfile = defineRpc(RpcType.GetProfile, 1, GetProfileRequest, ProfileReply);
export const UpdateProfile = defineRpc(RpcType.UpdateProfile, 1, UpdateProfileRequest, ProfileReply);
