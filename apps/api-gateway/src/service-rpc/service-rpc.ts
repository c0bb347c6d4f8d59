import { Global, Injectable, Module } from '@nestjs/common';
import { Login, Register, RpcContract, UpdateProfile } from '@zagel/contracts';
import { BusClients, BusClientsModule } from '@zagel/messaging';
import { ServiceName } from '@zagel/config';
import { CorrelationContext } from '@zagel/observability';

/** Below the edge's patience: a slow service answers 503 rather than holding the client. */
export const SERVICE_RPC_TIMEOUT_MS = 5_000;

/** The services the edge calls. */
const SERVICES_BEHIND_THE_EDGE: ServiceName[] = ['auth', 'billing', 'otp', 'ingestion', 'pool-dispatcher', 'provider-sender'];

/**
 * Calls a service behind the edge over the bus (its BusClient) on behalf of a request, with its
 * correlation and tenant (`@RequestCorrelation()`); `undefined` for a call no request is behind.
 */
@Injectable()
export class ServiceRpc {
  constructor(private readonly clients: BusClients) {}

  call<Req extends object, Res extends object>(
    correlation: CorrelationContext | undefined,
    service: ServiceName,
    contract: RpcContract<Req, Res>,
    payload: Req,
    timeoutMs = SERVICE_RPC_TIMEOUT_MS,
  ): Promise<Res> {
    return this.clients.for(service).call(contract, payload, {
      timeoutMs,
      tenantId: correlation?.tenantId,
      correlationId: correlation?.correlationId,
    });
  }
}

/**
 * argon2 is slow by design and runs on auth's thread pool: on a busy auth instance a correct password
 * must still get its answer, not a 503, so the RPCs that hash or verify one wait longer.
 */
export const PASSWORD_RPC_TIMEOUT_MS = 15_000;
const PASSWORD_RPCS: ReadonlySet<RpcContract<object, object>> = new Set([Register, Login, UpdateProfile]);

/** The auth service's RPCs, as the gateway's account features call them. */
@Injectable()
export class AuthRpc {
  constructor(private readonly rpc: ServiceRpc) {}

  call<Req extends object, Res extends object>(correlation: CorrelationContext, contract: RpcContract<Req, Res>, payload: Req): Promise<Res> {
    const timeoutMs = PASSWORD_RPCS.has(contract as RpcContract<object, object>) ? PASSWORD_RPC_TIMEOUT_MS : SERVICE_RPC_TIMEOUT_MS;
    return this.rpc.call(correlation, 'auth', contract, payload, timeoutMs);
  }
}

@Global()
@Module({
  imports: [BusClientsModule.register(...SERVICES_BEHIND_THE_EDGE)],
  providers: [ServiceRpc, AuthRpc],
  exports: [ServiceRpc, AuthRpc],
})
export class ServiceRpcModule {}
