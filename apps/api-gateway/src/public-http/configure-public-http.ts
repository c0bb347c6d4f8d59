import { INestApplication, Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import multipart from '@fastify/multipart';
import { OPERATIONAL_PATHS } from '@zagel/observability';
import { PLATFORM_VERSION } from '@zagel/service';
import { ApiGatewayConfig } from '../config';
import { LiveCapacity } from '../live-capacity/live-capacity';
import { MalformedJsonError } from '../problem-details/problem-details.errors';
import { JWKS_PATH } from '../signing-keys/signing-keys.controller';
import { TWILIO_COMPAT_PATHS } from '../twilio-compat/twilio-paths';
import { EXPOSED_HEADERS } from './exposed-headers';
import { useSecurityHeaders } from './security-headers';

export const API_PREFIX = 'v1';
export const DOCS_PATH = 'docs';

/** Bearer JWT for dashboard users, an API key (as a bearer token or `X-API-Key`) for apps. */
export function openApiConfig() {
  return new DocumentBuilder()
    .setTitle('Zagel API')
    .setDescription(
      'Verify phone numbers and send SMS through a pool of phones or commercial providers. ' +
        'Errors are application/problem+json (RFC 9457) with a stable `code`; responses carry RateLimit-* headers.',
    )
    .setVersion(PLATFORM_VERSION)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT or zk_live_ API key' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'apiKey')
    .build();
}

/**
 * The Swagger UI needs @fastify/static, which an ESM-only dependency keeps out of Jest's CommonJS
 * runtime; there (in-process tests) only `/docs-json` is served, instead of Nest exiting the process.
 */
function staticAssetsLoad(): boolean {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@fastify/static');
    return true;
  } catch (error) {
    new Logger('OpenApi').warn(`Swagger UI off: ${error instanceof Error ? error.message.split('\n', 1)[0] : String(error)}`);
    return false;
  }
}

/** The exact bytes a request arrived with, kept for webhook signature checks (Stripe, providers). */
export interface RequestWithRawBody {
  rawBody?: Buffer;
}

/**
 * JSON and form-encoded bodies up to the configured size, each keeping its raw bytes on `request.rawBody`;
 * malformed JSON becomes a typed error the problem filter knows. Form bodies exist for providers' delivery
 * reports (Twilio posts them form-encoded).
 */
function useBodies(app: NestFastifyApplication, bodyLimit: number): void {
  const instance = app.getHttpAdapter().getInstance();
  const parseJson = instance.getDefaultJsonParser('error', 'error');
  app.useBodyParser('application/json', { bodyLimit }, (request, body, done) => {
    (request as RequestWithRawBody).rawBody = body;
    void parseJson(request as never, body.toString('utf8'), (error, value) => {
      if (error) done(new MalformedJsonError(error.message), undefined);
      else done(null, value);
    });
  });
  app.useBodyParser('application/x-www-form-urlencoded', { bodyLimit }, (request, body, done) => {
    (request as RequestWithRawBody).rawBody = body;
    done(null, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
  });
}

/** Every route under `/v1`; health, metrics, the JWKS and the Twilio-compatible API (`/twilio`) stay at the root. */
export function usePublicPrefix(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, { exclude: [...OPERATIONAL_PATHS, JWKS_PATH, ...TWILIO_COMPAT_PATHS] });
}

/**
 * The public edge: every route under `/v1` (health, metrics and the JWKS stay at the root),
 * the adaptive limit on live requests in flight, security headers, CORS for the configured origins, body limits,
 * OpenAPI at `/docs` and `/docs-json`.
 */
export async function configurePublicHttp(app: NestFastifyApplication, settings: ApiGatewayConfig): Promise<void> {
  usePublicPrefix(app);
  new LiveCapacity({
    minLimit: Math.min(settings.GATEWAY_LIVE_MIN_IN_FLIGHT, settings.GATEWAY_LIVE_MAX_IN_FLIGHT),
    maxLimit: settings.GATEWAY_LIVE_MAX_IN_FLIGHT,
    latencyCeilingMs: settings.GATEWAY_LIVE_LATENCY_TARGET_MS,
  }).install(app.getHttpAdapter().getInstance());
  useBodies(app, settings.HTTP_BODY_LIMIT_BYTES);
  // multipart/form-data is read as a stream by the route that takes it (campaign uploads), never buffered here.
  await app.register(multipart as never);
  await useSecurityHeaders(app.getHttpAdapter().getInstance());
  if (settings.CORS_ORIGINS.length > 0) {
    app.enableCors({ origin: settings.CORS_ORIGINS, exposedHeaders: EXPOSED_HEADERS, maxAge: 600 });
  }
  const document = SwaggerModule.createDocument(app, openApiConfig());
  SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: `${DOCS_PATH}-json`, ui: staticAssetsLoad() });
}
