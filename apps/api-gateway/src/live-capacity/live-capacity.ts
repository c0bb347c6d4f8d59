import { performance } from 'node:perf_hooks';
import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { Counter, Gauge, register } from 'prom-client';
import { requestContextOf } from '@zagel/observability';
import { PROBLEM_CONTENT_TYPE, problem, Problem, problemDocument } from '../problem-details/problem';
import { AdaptiveConcurrencyLimit, AdaptiveLimitBounds, LiveOutcome, LiveTicket } from './adaptive-concurrency-limit';

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

/** The instance the gauges read (the last installed: one per process outside tests). */
let observed: AdaptiveConcurrencyLimit | undefined;

/** The live limit this process's public HTTP installed: the SMPP server admits its submits through the same one. */
export function installedLiveLimit(): AdaptiveConcurrencyLimit | undefined {
  return observed;
}

const refused = (): Counter =>
  (register.getSingleMetric('zagel_gateway_live_refused_total') as Counter | undefined) ??
  new Counter({ name: 'zagel_gateway_live_refused_total', help: 'Live requests refused at the gateway because its live requests in flight were at the limit' });

function registerGauges(): void {
  if (register.getSingleMetric('zagel_gateway_live_limit')) return;
  new Gauge({
    name: 'zagel_gateway_live_limit',
    help: 'Live requests the gateway admits at once now (adaptive, within GATEWAY_LIVE_MIN_IN_FLIGHT..GATEWAY_LIVE_MAX_IN_FLIGHT)',
    collect() {
      if (observed) this.set(observed.limit);
    },
  });
  new Gauge({
    name: 'zagel_gateway_live_in_flight',
    help: 'Live requests the gateway is serving now',
    collect() {
      if (observed) this.set(observed.inFlight);
    },
  });
  new Gauge({
    name: 'zagel_gateway_live_target_latency_seconds',
    help: 'The latency the live limit aims for now: the idle latency times a tolerance, within its bounds',
    collect() {
      if (observed) this.set(observed.targetMs / 1_000);
    },
  });
}

/** How the response to an admitted request tells the limit about the platform behind. */
function outcomeOf(response: ServerResponse): LiveOutcome {
  if (!response.writableFinished) return 'abandoned';
  return response.statusCode === 503 || response.statusCode === 504 ? 'overloaded' : 'answered';
}

/**
 * Admits the live requests one gateway instance serves at once, up to an adaptive limit
 * (AdaptiveConcurrencyLimit: it follows the latency of the answers). Past the limit a request is
 * answered at once, before authentication or any round trip, with 503 `live_capacity_exceeded` and
 * `Retry-After`: a client retries shortly instead of waiting in a queue that only grows. A slot frees
 * when the response is done or the client went away.
 */
export class LiveCapacity {
  readonly limit: AdaptiveConcurrencyLimit;
  private readonly refusals = refused();

  constructor(bounds: AdaptiveLimitBounds) {
    this.limit = new AdaptiveConcurrencyLimit(bounds);
    registerGauges();
    observed = this.limit;
  }

  install(instance: FastifyInstance): void {
    instance.addHook('onRequest', (request, reply, done) => this.admit(request, reply, done));
  }

  private admit(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
    if (request.method !== 'POST' || !LIVE_ROUTES.has(`POST ${request.routeOptions.url}`)) return done();
    const ticket = this.limit.tryAcquire(performance.now());
    if (!ticket) {
      this.refuse(request, reply);
      return;
    }
    reply.raw.once('close', () => this.release(ticket, reply.raw));
    done();
  }

  private release(ticket: LiveTicket, response: ServerResponse): void {
    this.limit.release(ticket, performance.now(), outcomeOf(response));
  }

  private refuse(request: FastifyRequest, reply: FastifyReply): void {
    this.refusals.inc();
    const refusal = liveCapacityExceeded();
    const { requestId } = requestContextOf(request.raw, reply.raw);
    void reply
      .code(refusal.status)
      .header('retry-after', String(LIVE_RETRY_AFTER_SECONDS))
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send(problemDocument(refusal, request.url.split('?', 1)[0]!, requestId));
  }
}
