import { readFile } from 'node:fs/promises';
import { TestPlatform } from '@zagel/testing';
import { fetchOpenApiDocument, GENERATED_TYPES_FILE, openApiTypes, REGENERATE_COMMAND } from '../../tools/openapi/openapi-types';

const platform = new TestPlatform({ services: ['api-gateway'] });

beforeAll(() => platform.start(), 120_000);
afterAll(() => platform.stop(), 30_000);

it("@zagel/sdk's committed types match the OpenAPI document the gateway serves", async () => {
  const expected = await openApiTypes(await fetchOpenApiDocument(platform.url('api-gateway')));
  const committed = await readFile(GENERATED_TYPES_FILE, 'utf8');

  if (committed !== expected) throw new Error(`libs/sdk/src/generated/public-api.ts is stale: run \`${REGENERATE_COMMAND}\` and commit it`);
});
