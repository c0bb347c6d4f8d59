import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { OrganizationResponse, UserResponse } from '../../sessions/dtos/session.response';

export class UpdateProfileBody {
  @ApiPropertyOptional({ example: 'Layla H.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: 'a longer passphrase 2027', description: 'Needs currentPassword; ends every other session.' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  newPassword?: string;

  @ApiPropertyOptional({ example: 'correct horse battery staple' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  currentPassword?: string;
}

export class MembershipResponse {
  @ApiProperty({ type: OrganizationResponse }) organization: OrganizationResponse;
  @ApiProperty({ enum: ['owner', 'admin', 'member'], example: 'owner' }) role: string;
}

export class ProfileResponse {
  @ApiProperty({ type: UserResponse }) user: UserResponse;
  @ApiProperty({ type: [MembershipResponse] }) memberships: MembershipResponse[];
}
