import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, Observable } from 'rxjs';
import { RefreshCookie } from './refresh-cookie';

const hasRefreshToken = (body: unknown): body is { refreshToken: string } =>
  typeof body === 'object' && body !== null && typeof (body as { refreshToken?: unknown }).refreshToken === 'string';

/**
 * Every session a route answers with also goes into the httpOnly refresh cookie, replays of an
 * idempotent register included (this sits outside the idempotency interceptor). The JSON body is unchanged.
 */
@Injectable()
export class RefreshCookieInterceptor implements NestInterceptor {
  constructor(private readonly cookie: RefreshCookie) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    return next.handle().pipe(
      map((body: unknown) => {
        if (hasRefreshToken(body)) this.cookie.set(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), body.refreshToken);
        return body;
      }),
    );
  }
}
