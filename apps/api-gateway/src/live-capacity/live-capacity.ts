import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { Counter, register } from 'prom-client';
import { requestContextOf } from '@zagel/observability';
import { PROBLEM_CONTENT_TYPE, problem, Problem, problemDocument } from '../problem-details/problem';

/** The live lane's requests: OTP starts, checks and resends, and single sends. */
export const LIVE_ROUTES: ReadonlySet<string> = new Set([
  'POST /v1/verifications',
  'POST /v1/verifications/check',
  'POST /v1/verifications/:id/resend',
  'POST /v1/messages',
]);

export const LIVE_RETRY_AFTER_SECONDS = 1;

/** Past the live lane's capacity, here or on the bus: refused now rather than queued for seconds. */
export function liveCapacityExceeded(): Problem {
  return problem(503, 'live_capacity_exceeded', 'The platform is at its capacity for live traffic; retry after the Retry-After delay.', {
    title: 'Live capacity exceeded',
    headers: { 'Retry-After': String(LIVE_RETRY_AFTER_SECONDS) },
  });
}

const refused = (): Counter =>
  (register.getSingleMetric('zagel_gateway_live_refused_total') as Counter | undefined) ??
  new Counter({ name: 'zagel_gateway_live_refused_total', help: 'Live requests refused at the gateway because its live requests in flight were at the cap' });

/**
 * Caps the live requests one gateway instance has in flight. Past the cap a request is answered at
 * once, before authentication or any round trip, with 503 `live_capacity_exceeded` and `Retry-After`:
 * a client retries shortly instead of waiting in a queue that only grows. A slot frees when the
 * response is done or the client went away.
 */
export class LiveCapacity {
  private inFlight = 0;
  private readonly refusals = refused();
  private readonly release = (): void => {
    this.inFlight -= 1;
  };

  constructor(readonly maxInFlight: number) {}

  get current(): number {
    return this.inFlight;
  }

  install(instance: FastifyInstance): void {
    instance.addHook('onRequest', (request, reply, done) => this.admit(request, reply, done));
  }

  private admit(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
    if (request.method !== 'POST' || !LIVE_ROUTES.has(`POST ${request.routeOptions.url}`)) return done();
    if (this.inFlight >= this.maxInFlight) {
      this.refusals.inc();
      const refusal = liveCapacityExceeded();
      const { requestId } = requestContextOf(request.raw, reply.raw);
      void reply
        .code(refusal.status)
        .header('retry-after', String(LIVE_RETRY_AFTER_SECONDS))
        .header('content-type', PROBLEM_CONTENT_TYPE)
        .send(problemDocument(refusal, request.url.split('?', 1)[0]!, requestId));
      return;
    }
    this.inFlight += 1;
    reply.raw.once('close', this.release);
    done();
  }
}
