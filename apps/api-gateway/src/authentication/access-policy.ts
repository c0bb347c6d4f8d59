import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { ApiKeyScope, OrganizationRole } from '@zagel/contracts';
import { Principal } from '@zagel/identity';
import { OPERATIONAL_ROUTE } from '@zagel/observability';
import { AuthenticationProblem } from './authentication.errors';
import { principalOf } from './request-principal';

const PUBLIC = 'zagel:public';
const SCOPES = 'zagel:scopes';
const ROLES = 'zagel:roles';
const PLATFORM_ADMIN = 'zagel:platform-admin';
const USERS_ONLY = 'zagel:users-only';
const SIGNED_WEBHOOK = 'zagel:signed-webhook';

/** No credential needed (register, login, the JWKS). */
export const Public = () => SetMetadata(PUBLIC, true);
/** API keys must hold every scope; user tokens acting for an organization pass. */
export const RequireScopes = (...scopes: ApiKeyScope[]) => SetMetadata(SCOPES, scopes);
/** A user token whose organization role is one of these (API keys never pass). */
export const RequireRoles = (...roles: OrganizationRole[]) => SetMetadata(ROLES, roles);
/** Platform operators only. */
export const PlatformAdminOnly = () => SetMetadata(PLATFORM_ADMIN, true);
/** A user token of any kind (phone owners included), no API key. */
export const UsersOnly = () => SetMetadata(USERS_ONLY, true);

/**
 * A webhook from Stripe or a provider: no credential (its signature is checked by the owning service)
 * and no per-IP rate limit, since a provider posts every report from a handful of addresses.
 */
export const SignedWebhook = () => applyDecorators(SetMetadata(PUBLIC, true), SetMetadata(SIGNED_WEBHOOK, true));

/** Whether a controller (or one of its handlers) is a signed webhook: it answers in its caller's format, not ours. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function isSignedWebhook(...targets: Function[]): boolean {
  return targets.some((target) => Reflect.getMetadata(SIGNED_WEBHOOK, target) === true);
}

/** The authenticated caller of the route (set by the authentication guard). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = principalOf(context.switchToHttp().getRequest());
  if (!principal) throw AuthenticationProblem.unauthenticated();
  return principal;
});

export interface AccessPolicy {
  /** No credential needed: `@Public()` or an operational route. */
  open: boolean;
  /** Health and metrics: not rate limited either. */
  operational: boolean;
  /** A signed webhook: open, and not rate limited. */
  signedWebhook: boolean;
  scopes: ApiKeyScope[];
  roles: OrganizationRole[];
  platformAdmin: boolean;
  usersOnly: boolean;
}

type Handler = ReturnType<ExecutionContext['getHandler']>;
type Controller = ReturnType<ExecutionContext['getClass']>;

const policies = new WeakMap<Controller, WeakMap<Handler, AccessPolicy>>();

/** The route's policy, read from its decorators once per controller method (both guards ask on every request). */
export function accessPolicyOf(reflector: Reflector, context: ExecutionContext): AccessPolicy {
  const [handler, controller] = [context.getHandler(), context.getClass()];
  let byHandler = policies.get(controller);
  if (!byHandler) policies.set(controller, (byHandler = new WeakMap()));
  let policy = byHandler.get(handler);
  if (!policy) byHandler.set(handler, (policy = readAccessPolicy(reflector, handler, controller)));
  return policy;
}

function readAccessPolicy(reflector: Reflector, handler: Handler, controller: Controller): AccessPolicy {
  const read = <T>(key: string) => reflector.getAllAndOverride<T | undefined>(key, [handler, controller]);
  const operational = read<boolean>(OPERATIONAL_ROUTE) === true;
  return {
    open: read<boolean>(PUBLIC) === true || operational,
    operational,
    signedWebhook: read<boolean>(SIGNED_WEBHOOK) === true,
    scopes: read<ApiKeyScope[]>(SCOPES) ?? [],
    roles: read<OrganizationRole[]>(ROLES) ?? [],
    platformAdmin: read<boolean>(PLATFORM_ADMIN) === true,
    usersOnly: read<boolean>(USERS_ONLY) === true,
  };
}

/** Throws the 403 problem when the principal may not use a route with this policy. */
export function authorize(principal: Principal, policy: AccessPolicy): void {
  const isUser = principal.kind === 'user';
  if (policy.platformAdmin && !(isUser && principal.platformAdmin)) {
    throw AuthenticationProblem.forbidden('Platform operators only.');
  }
  if (policy.usersOnly && !isUser) throw AuthenticationProblem.forbidden('Sign in as a user; API keys cannot do this.');
  if (policy.roles.length > 0 && !(isUser && principal.role && policy.roles.includes(principal.role))) {
    throw AuthenticationProblem.forbidden(`Needs the role ${policy.roles.join(' or ')} in the organization.`);
  }
  if (policy.scopes.length === 0) return;
  const granted = isUser ? principal.organizationId !== undefined : policy.scopes.every((scope) => principal.scopes.includes(scope));
  if (!granted) throw AuthenticationProblem.insufficientScope(policy.scopes);
}
