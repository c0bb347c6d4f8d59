import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, sep } from 'node:path';

/** One file of the build in the encodings it was written in (`.br` and `.gz` beside it, when the build made them). */
export interface DashboardFile {
  contentType: string;
  /** Hashed names (`assets/index-3f2a1b.js`) never change content: cached for a year. */
  immutable: boolean;
  identity: Buffer;
  br?: Buffer;
  gzip?: Buffer;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

const COMPRESSED = new Set(['.br', '.gz']);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function readIfPresent(path: string): Buffer | undefined {
  return existsSync(path) ? readFileSync(path) : undefined;
}

/** The directory holding `package.json`, whether this runs from apps/ (jest) or dist/apps/ (a service). */
function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** Where `npm run build` writes the dashboard (vite, apps/dashboard/vite.config.mjs). */
export const DASHBOARD_BUILD_DIR = join(repositoryRoot(), 'dist', 'dashboard');

/**
 * The dashboard build read once into memory (a few hundred KB): each file by its path under `/app/`,
 * with its precompressed forms. Undefined when the build is missing.
 */
export function loadDashboardBuild(dir: string = DASHBOARD_BUILD_DIR): Map<string, DashboardFile> | undefined {
  if (!existsSync(join(dir, 'index.html'))) return undefined;
  const files = new Map<string, DashboardFile>();
  for (const path of filesUnder(dir)) {
    const extension = extname(path);
    if (COMPRESSED.has(extension)) continue;
    const name = relative(dir, path).split(sep).join('/');
    files.set(name, {
      contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream',
      immutable: name.startsWith('assets/'),
      identity: readFileSync(path),
      br: readIfPresent(`${path}.br`),
      gzip: readIfPresent(`${path}.gz`),
    });
  }
  return files;
}
