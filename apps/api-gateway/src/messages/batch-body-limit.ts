import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, RouteOptions } from 'fastify';

/** 10,000 messages of long Unicode text do not fit the edge's general body limit. */
export const BATCH_BODY_LIMIT_BYTES = 16 * 1_048_576;
const BATCH_PATH = /\/messages\/batch$/;

/**
 * Raises the body limit of the batch route alone. Registered while Nest builds the app, before
 * routes are added to Fastify, so the route is created with it.
 */
@Injectable()
export class BatchBodyLimit {
  constructor(adapterHost: HttpAdapterHost) {
    const instance = adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    instance?.addHook('onRoute', (route: RouteOptions) => {
      if (BATCH_PATH.test(route.url)) route.bodyLimit = Math.max(route.bodyLimit ?? 0, BATCH_BODY_LIMIT_BYTES);
    });
  }
}
