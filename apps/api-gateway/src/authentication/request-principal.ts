import { Principal } from '@zagel/identity';

const PRINCIPAL = Symbol('zagel.principal');

type WithPrincipal = { [PRINCIPAL]?: Principal };

/** The principal the guard established for this request (kept on the Fastify request). */
export function principalOf(request: object): Principal | undefined {
  return (request as WithPrincipal)[PRINCIPAL];
}

export function setPrincipal(request: object, principal: Principal): void {
  (request as WithPrincipal)[PRINCIPAL] = principal;
}
