import { CallHandler, ExecutionContext, HttpStatus, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, Observable } from 'rxjs';
import { principalOf } from '../authentication/request-principal';
import { idempotencyScope, requestFingerprint } from './fingerprint';
import { IdempotencyProblem } from './idempotency.errors';
import { IdempotencyStore } from './idempotency-store';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
const KEPT_HEADERS = ['location'];
export const SANE_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * Bound to `@Idempotent()` routes. With an `Idempotency-Key`: the first response is stored for 24 h and
 * replayed (with `Idempotent-Replayed: true`) for the same key and body; a different body is 422,
 * a duplicate while the first is still running is 409.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger(IdempotencyInterceptor.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly store: IdempotencyStore,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const key = request.headers[IDEMPOTENCY_KEY_HEADER];
    if (key === undefined) return next.handle();
    if (typeof key !== 'string' || !SANE_KEY.test(key)) throw IdempotencyProblem.badKey();
    return from(this.run(context, request, http.getResponse<FastifyReply>(), key, next));
  }

  private async run(context: ExecutionContext, request: FastifyRequest, reply: FastifyReply, key: string, next: CallHandler): Promise<unknown> {
    const owner = principalOf(request)?.organizationId ?? principalOf(request)?.userId ?? `ip:${request.ip}`;
    const route = request.routeOptions.url ?? request.url;
    const scope = idempotencyScope({ owner, method: request.method, route, key });
    const fingerprint = requestFingerprint(request.body);

    const existing = await this.store.claim(scope, fingerprint);
    if (existing) {
      if (existing.fingerprint !== fingerprint) throw IdempotencyProblem.keyReused();
      if (existing.state === 'in_progress') throw IdempotencyProblem.inProgress();
      for (const [name, value] of Object.entries(existing.response.headers)) void reply.header(name, value);
      void reply.header(REPLAYED_HEADER, 'true');
      return existing.response.body;
    }

    let body: unknown;
    try {
      body = await this.store.whileClaimed(scope, () => lastValueFrom(next.handle(), { defaultValue: undefined }));
    } catch (error) {
      await this.store.release(scope);
      throw error;
    }
    const headers = Object.fromEntries(
      KEPT_HEADERS.map((name) => [name, reply.getHeader(name)]).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
    // The work is done: failing to remember it must not turn the client's success into an error.
    await this.store
      .complete(scope, fingerprint, { status: this.statusOf(context, request), body: body ?? null, headers })
      .catch((error: unknown) => this.logger.warn(`idempotent response not stored: ${error instanceof Error ? error.message : String(error)}`));
    return body;
  }

  private statusOf(context: ExecutionContext, request: FastifyRequest): number {
    const declared = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler());
    return declared ?? (request.method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK);
  }
}
