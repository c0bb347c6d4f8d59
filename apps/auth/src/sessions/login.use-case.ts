import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthErrorCode, LoginRequest, SessionReply } from '@zagel/contracts';
import { IdentityRepository } from '../identity/identity.repository';
import { normalizeEmail } from '../identity/identity.views';
import { chooseMembership } from './choose-membership';
import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from './password-hasher';
import { SessionIssuer } from './session-issuer';
import { AuthError } from '../shared/auth-error';

/** Unknown email and wrong password fail alike, in the same time; failures are throttled. */
@Injectable()
export class LoginUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly identity: IdentityRepository,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly sessions: SessionIssuer,
  ) {}

  async execute(request: LoginRequest): Promise<SessionReply> {
    const email = normalizeEmail(request.email);
    const ip = request.client.ip;
    await this.throttle.check(email, ip);
    const user = await this.identity.userByEmail(email);
    const valid = user ? await this.hasher.verify(user.passwordHash, request.password) : await this.hasher.verifyNothing(request.password);
    if (!user || !valid) {
      await this.throttle.recordFailure(email, ip);
      throw new AuthError(AuthErrorCode.InvalidCredentials, 'invalid email or password');
    }
    await this.throttle.recordSuccess(email);
    const chosen = chooseMembership(await this.identity.membershipsOf(user.id), request.organizationId);
    return this.dataSource.transaction((manager) => this.sessions.issue(manager, user, chosen));
  }
}
