import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, MaxLength } from 'class-validator';
import { ORGANIZATION_ROLES, OrganizationRole } from '@zagel/contracts';
import { UserResponse } from '../../sessions/dtos/session.response';

export class InviteMemberBody {
  @ApiProperty({ example: 'omar@example.com' })
  @IsEmail()
  @MaxLength(320)
  email: string;

  @ApiProperty({ enum: ORGANIZATION_ROLES, example: 'member' })
  @IsIn(ORGANIZATION_ROLES)
  role: OrganizationRole;
}

export class InvitationResponse {
  @ApiProperty({ enum: ['member', 'invited'], example: 'invited', description: 'member: an existing user joined; invited: pending until they register.' })
  outcome: 'member' | 'invited';
  @ApiProperty({ example: 'omar@example.com' }) email: string;
  @ApiProperty({ enum: ORGANIZATION_ROLES, example: 'member' }) role: OrganizationRole;
  @ApiPropertyOptional({ example: '2026-11-30T12:00:00.000Z' }) expiresAt?: string;
}

export class MemberResponse {
  @ApiProperty({ type: UserResponse }) user: UserResponse;
  @ApiProperty({ enum: ORGANIZATION_ROLES, example: 'admin' }) role: OrganizationRole;
  @ApiProperty({ example: '2026-11-23T12:00:00.000Z' }) joinedAt: string;
}

export class MemberListResponse {
  @ApiProperty({ type: [MemberResponse] }) items: MemberResponse[];
}
