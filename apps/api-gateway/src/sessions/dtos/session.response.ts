import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SessionReply } from '@zagel/contracts';

export class UserResponse {
  @ApiProperty({ example: '0190a6f2-7c3e-7abc-8def-0123456789ab' }) id: string;
  @ApiProperty({ example: 'layla@example.com' }) email: string;
  @ApiProperty({ example: 'Layla Haddad' }) name: string;
  @ApiProperty({ enum: ['customer', 'device_owner'], example: 'customer' }) accountType: string;
  @ApiProperty({ example: false }) platformAdmin: boolean;
  @ApiProperty({ example: '2026-11-23T12:00:00.000Z' }) createdAt: string;
}

export class OrganizationResponse {
  @ApiProperty({ example: '0190a6f2-7c3e-7abc-8def-0123456789ac' }) id: string;
  @ApiProperty({ example: 'Acme Pharmacies' }) name: string;
  @ApiProperty({ enum: ['active', 'suspended'], example: 'active' }) status: string;
  @ApiProperty({ example: '2026-11-23T12:00:00.000Z' }) createdAt: string;
}

export class SessionResponse {
  @ApiProperty({ type: UserResponse }) user: UserResponse;
  @ApiPropertyOptional({ type: OrganizationResponse }) organization?: OrganizationResponse;
  @ApiProperty({ example: 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjIwMjYtMTEifQ...' }) accessToken: string;
  @ApiProperty({ example: 'rt_3q2+7w...' }) refreshToken: string;
  @ApiProperty({ example: 900, description: 'Seconds until the access token expires.' }) expiresIn: number;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
}

/** The session as the public API shows it: the tokens beside the user, not nested. */
export function sessionResponse(reply: SessionReply): SessionResponse {
  return { user: reply.user, organization: reply.organization, ...reply.tokens };
}
