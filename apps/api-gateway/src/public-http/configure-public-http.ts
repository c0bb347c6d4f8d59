import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { OPERATIONAL_PATHS } from '@zagel/observability';
import { PLATFORM_VERSION } from '@zagel/service';

export const API_PREFIX = 'v1';
export const DOCS_PATH = 'docs';

/** Bearer JWT for dashboard users, an API key (as a bearer token or `X-API-Key`) for apps. */
function openApiDocument() {
  return new DocumentBuilder()
    .setTitle('Zagel API')
    .setDescription('Verify phone numbers and send SMS through a pool of phones or commercial providers.')
    .setVersion(PLATFORM_VERSION)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT or zk_live_ API key' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'apiKey')
    .build();
}

/** The public edge: every route under `/v1` (health and metrics stay at the root), OpenAPI at `/docs` and `/docs-json`. */
export function configurePublicHttp(app: NestFastifyApplication): void {
  app.setGlobalPrefix(API_PREFIX, { exclude: [...OPERATIONAL_PATHS] });
  const document = SwaggerModule.createDocument(app, openApiDocument());
  SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: `${DOCS_PATH}-json` });
}
