import { Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DashboardFile, loadDashboardBuild } from './dashboard-build';

export const DASHBOARD_PATH = '/app';

/** The encoding to send: brotli, then gzip, when the client accepts it and the build has it. */
export function pickEncoding(file: DashboardFile, acceptEncoding: string): { body: Buffer; encoding?: 'br' | 'gzip' } {
  if (file.br && /\bbr\b/.test(acceptEncoding)) return { body: file.br, encoding: 'br' };
  if (file.gzip && /\bgzip\b/.test(acceptEncoding)) return { body: file.gzip, encoding: 'gzip' };
  return { body: file.identity };
}

/**
 * Serves the dashboard build at `/app/`: hashed assets cached for a year, brotli or gzip as the client
 * accepts, and index.html (never cached) for every other path so the app's own router takes client
 * routes such as `/app/campaigns/{id}`. Raw Fastify routes: outside `/v1`, the guards and the OpenAPI.
 */
@Injectable()
class DashboardRoutes implements OnModuleInit {
  private readonly logger = new Logger('Dashboard');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const instance = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!instance) return;
    const files = loadDashboardBuild();
    if (!files) this.logger.warn('No dashboard build (dist/dashboard): `npm run build` makes it; /app/ answers 404 until then');
    const index = files?.get('index.html');

    const serve = (request: FastifyRequest, reply: FastifyReply, path: string): FastifyReply => {
      const asset = files?.get(path);
      if (asset === undefined && path.startsWith('assets/')) return reply.code(404).type('text/plain').send('Not found');
      const file = asset ?? index;
      if (!file) return reply.code(404).type('text/plain').send('The dashboard is not built');
      const { body, encoding } = pickEncoding(file, String(request.headers['accept-encoding'] ?? ''));
      reply.header('content-type', file.contentType);
      reply.header('cache-control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      reply.header('vary', 'accept-encoding');
      if (encoding) reply.header('content-encoding', encoding);
      return reply.send(body);
    };

    instance.get(DASHBOARD_PATH, (_request, reply) => reply.redirect(`${DASHBOARD_PATH}/`, 301));
    instance.get(`${DASHBOARD_PATH}/*`, (request: FastifyRequest<{ Params: { '*': string } }>, reply) => serve(request, reply, request.params['*']));
  }
}

/** The web app for customers, phone owners and operators, served by the gateway at `/app/`. */
@Module({ providers: [DashboardRoutes] })
export class DashboardModule {}
