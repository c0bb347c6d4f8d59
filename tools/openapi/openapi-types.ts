import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PublicApiClient } from '@zagel/sdk';
import { REPOSITORY_ROOT } from '@zagel/testing';

/** The committed types of the public API that `@zagel/sdk`'s client is typed with. */
export const GENERATED_TYPES_FILE = join(REPOSITORY_ROOT, 'libs', 'sdk', 'src', 'generated', 'public-api.ts');

export const REGENERATE_COMMAND = 'npm run openapi:types';

const OPENAPI_TYPESCRIPT = join(REPOSITORY_ROOT, 'node_modules', 'openapi-typescript', 'bin', 'cli.js');

/** The OpenAPI document the gateway serves. */
export async function fetchOpenApiDocument(gatewayUrl: string): Promise<object> {
  return (await new PublicApiClient({ baseUrl: gatewayUrl }).request('GET', '/docs-json')).body as object;
}

/**
 * TypeScript types for the document, as openapi-typescript writes them. Properties with a default stay
 * optional in request bodies (`--default-non-nullable false`): a default is what the server fills in.
 */
export async function openApiTypes(document: object): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'zagel-openapi-'));
  try {
    const input = join(directory, 'openapi.json');
    await writeFile(input, JSON.stringify(document));
    const { stdout } = await promisify(execFile)(process.execPath, [OPENAPI_TYPESCRIPT, input, '--default-non-nullable', 'false'], {
      cwd: REPOSITORY_ROOT,
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
