import { writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { REPOSITORY_ROOT, TestPlatform } from '@zagel/testing';
import { fetchOpenApiDocument, GENERATED_TYPES_FILE, openApiTypes } from './openapi-types';

/**
 * `npm run openapi:types`: boots the api-gateway from the build in a namespace of its own, reads its
 * OpenAPI document and writes the types `@zagel/sdk` is typed with. Run it after changing a DTO.
 */
async function main(): Promise<void> {
  const platform = new TestPlatform({ services: ['api-gateway'] });
  await platform.start();
  try {
    const types = await openApiTypes(await fetchOpenApiDocument(platform.url('api-gateway')));
    await writeFile(GENERATED_TYPES_FILE, types);
    process.stdout.write(`wrote ${relative(REPOSITORY_ROOT, GENERATED_TYPES_FILE)}\n`);
  } finally {
    await platform.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`openapi:types failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
