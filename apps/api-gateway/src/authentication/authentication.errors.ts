import { problem, ProblemException } from '../problem-details/problem';

/** The authentication module's problems, each with its stable code. */
export const AuthenticationProblem = {
  unauthenticated: (detail = 'Send a bearer token or an API key.') => new ProblemException(problem(401, 'unauthenticated', detail)),
  invalidApiKey: () => new ProblemException(problem(401, 'invalid_api_key', 'The API key is unknown or revoked.')),
  membershipRevoked: () =>
    new ProblemException(problem(401, 'membership_revoked', 'This token acts for an organization you no longer belong to; log in again.')),
  tokenExpired: () => new ProblemException(problem(401, 'token_expired', 'The access token has expired; refresh it.')),
  insufficientScope: (scopes: readonly string[]) =>
    new ProblemException(
      problem(403, 'insufficient_scope', `This credential lacks the scope(s): ${scopes.join(', ')}.`, { extensions: { requiredScopes: scopes } }),
    ),
  forbidden: (detail = 'This credential may not do that.') => new ProblemException(problem(403, 'forbidden', detail)),
  organizationSuspended: () =>
    new ProblemException(problem(403, 'organization_suspended', 'The organization is suspended; contact support.')),
};
