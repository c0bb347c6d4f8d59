import { Principal } from '@zagel/identity';

/** Where passport leaves the authenticated caller (`request.user`, the AuthGuard's default property). */
type WithPrincipal = { user?: Principal };

/** The principal the authentication guard established for this request. */
export function principalOf(request: object): Principal | undefined {
  return (request as WithPrincipal).user;
}

/** Leaves the caller where passport would. */
export function setPrincipal(request: object, principal: Principal | null): void {
  (request as WithPrincipal).user = principal ?? undefined;
}
