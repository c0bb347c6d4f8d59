import { IntersectionType, OmitType } from '@nestjs/swagger';
import { LoginRequest, RegisterRequest, SessionReply, TokenPair } from '@zagel/contracts';

/** `client` (address, user agent) is filled by the gateway from the connection. */
export class RegisterBody extends OmitType(RegisterRequest, ['client'] as const) {}

/** `client` (address, user agent) is filled by the gateway from the connection. */
export class LoginBody extends OmitType(LoginRequest, ['client'] as const) {}

/** The session as the public API shows it: auth's reply with the tokens beside the user, not nested. */
export class SessionResponse extends IntersectionType(OmitType(SessionReply, ['tokens'] as const), TokenPair) {}

export function sessionResponse(reply: SessionReply): SessionResponse {
  return { user: reply.user, organization: reply.organization, ...reply.tokens };
}
