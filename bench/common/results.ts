import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
}

export interface BenchReport<R = Record<string, unknown>> {
  bench: string;
  date: string;
  machine: MachineInfo;
  options: Record<string, unknown>;
  results: R;
}

export function machineInfo(): MachineInfo {
  const cores = cpus();
  return {
    cpus: cores.length,
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

/** The repository root, from source (bench/common) or compiled (dist/bench/common). */
function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

export const resultsPath = (bench: string): string => join(repositoryRoot(), 'bench', 'results', `${bench}.json`);

/** Writes bench/results/<bench>.json and returns its path. */
export function writeReport(report: BenchReport): string {
  const path = resultsPath(report.bench);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  return path;
}

/** A previous run's report, e.g. the baseline a later bench compares itself to. */
export function readReport<R = Record<string, unknown>>(bench: string): BenchReport<R> | undefined {
  const path = resultsPath(bench);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as BenchReport<R>) : undefined;
}
