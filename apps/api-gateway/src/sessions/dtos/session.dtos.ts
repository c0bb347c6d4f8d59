import { ApiPropertyOptional, IntersectionType, OmitType } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { LoginRequest, RefreshRequest, RegisterRequest, SessionReply, TokenPair } from '@zagel/contracts';
import { FilledAtTheEdge } from '../../public-http/public-shapes';

/** `client` (address, user agent) is filled by the gateway from the connection. */
export class RegisterBody extends OmitType(RegisterRequest, ['client'] as const) {}

/** `client` (address, user agent) is filled by the gateway from the connection. */
export class LoginBody extends OmitType(LoginRequest, ['client'] as const) {}

const COOKIE_INSTEAD = 'Optional on a JSON request that carries the httpOnly `zagel_refresh` cookie (set by register, login and refresh): the cookie is used then.';

/** The refresh token in the body, or (for the dashboard) in the refresh cookie. */
export class RefreshBody extends OmitType(RefreshRequest, ['refreshToken'] as const) {
  @ApiPropertyOptional({ maxLength: 512, example: 'zr_3q2+7w...', description: COOKIE_INSTEAD })
  @FilledAtTheEdge('the httpOnly refresh cookie, when the body has none')
  @IsOptional()
  @IsString()
  @MaxLength(512)
  refreshToken?: string;
}

/** The refresh token in the body, or (for the dashboard) in the refresh cookie. */
export class LogoutBody {
  @ApiPropertyOptional({ maxLength: 512, example: 'zr_3q2+7w...', description: COOKIE_INSTEAD })
  @FilledAtTheEdge('the httpOnly refresh cookie, when the body has none')
  @IsOptional()
  @IsString()
  @MaxLength(512)
  refreshToken?: string;
}

/** The session as the public API shows it: auth's reply with the tokens beside the user, not nested. */
export class SessionResponse extends IntersectionType(OmitType(SessionReply, ['tokens'] as const), TokenPair) {}

export function sessionResponse(reply: SessionReply): SessionResponse {
  return { user: reply.user, organization: reply.organization, ...reply.tokens };
}
