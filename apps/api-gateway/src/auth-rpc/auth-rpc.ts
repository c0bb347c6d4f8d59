import { Global, Injectable, Module } from '@nestjs/common';
import { RpcContract } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { currentCorrelation } from '@zagel/observability';

/** Below the edge's patience: a slow auth answers 503 rather than holding the client. */
export const AUTH_RPC_TIMEOUT_MS = 5_000;

/** Calls the auth service over the bus with the request's correlation and tenant. */
@Injectable()
export class AuthRpc {
  constructor(private readonly bus: Bus) {}

  call<Req extends object, Res extends object>(contract: RpcContract<Req, Res>, payload: Req): Promise<Res> {
    const context = currentCorrelation();
    return this.bus.rpc.call(contract, 'auth', payload, {
      timeoutMs: AUTH_RPC_TIMEOUT_MS,
      tenantId: context?.tenantId,
      correlationId: context?.correlationId,
    });
  }
}

@Global()
@Module({ providers: [AuthRpc], exports: [AuthRpc] })
export class AuthRpcModule {}
