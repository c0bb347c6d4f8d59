/**
 * Environment variables read outside the config classes: `process.env.X` (or an `env.X` handed
 * down from it) in service, lib and tool code, and `${X:-...}` in the shell scripts that start
 * things. Tests and benchmarks are left out: their knobs are not settings anyone deploys.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Where code that runs outside the tests lives. */
const SCANNED = [
  { folder: 'apps', within: /^apps\/[^/]+\/src\// },
  { folder: 'libs', within: /^libs\/[^/]+\/src\// },
  { folder: 'tools', within: /^tools\// },
  { folder: 'docker', within: /^docker\// },
];

const TYPESCRIPT_READ = /\b(?:process\.)?env\??\.([A-Z][A-Z0-9_]*)\b|\benv\[\s*['"]([A-Z][A-Z0-9_]*)['"]\s*\]/g;
const SHELL_READ = /\$\{([A-Z][A-Z0-9_]*):?[-=?+]/g;

function filesUnder(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

function isScannedSource(file: string): boolean {
  if (/\.(spec|test)\.ts$/.test(file) || /\/(test|fixtures)\//.test(file)) return false;
  return /\.(ts|sh)$/.test(file) && !file.endsWith('.d.ts');
}

/** Variable names read in one file's text (exported for its own test). */
export function readsIn(file: string, text: string): string[] {
  const pattern = file.endsWith('.sh') ? SHELL_READ : TYPESCRIPT_READ;
  return [...text.matchAll(pattern)].map((match) => match[1] ?? match[2]);
}

/** Every variable read outside the config classes, with the files that read it. */
export function environmentReads(): Map<string, string[]> {
  const reads = new Map<string, string[]>();
  for (const { folder, within } of SCANNED) {
    for (const file of filesUnder(folder).filter((path) => within.test(path) && isScannedSource(path))) {
      for (const name of readsIn(file, readFileSync(join(ROOT, file), 'utf8'))) {
        reads.set(name, [...new Set([...(reads.get(name) ?? []), file])]);
      }
    }
  }
  return reads;
}
