import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** The repository root, whether this code runs from libs/ (jest) or from dist/libs/ (a built bench or tool). */
export const REPOSITORY_ROOT = findRoot();

/** The compiled entry point of a service, `dist/apps/<service>/src/main.js`. */
export function serviceEntry(service: string): string {
  return join(REPOSITORY_ROOT, 'dist', 'apps', service, 'src', 'main.js');
}
