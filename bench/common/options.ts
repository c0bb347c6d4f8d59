/**
 * Bench sizes come from `--name=value` (or `--name value`) and fall back to the
 * environment variable BENCH_NAME (`--pg-rows` ↔ BENCH_PG_ROWS), then to a default.
 */
export function readOption(name: string, argv: readonly string[] = process.argv.slice(2)): string | undefined {
  const flag = `--${name}`;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith(`${flag}=`)) return argv[i].slice(flag.length + 1);
    if (argv[i] === flag && i + 1 < argv.length) return argv[i + 1];
  }
  return process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
}

export function numberOption(name: string, fallback: number): number {
  const raw = readOption(name);
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, got '${raw}'`);
  return value;
}

export function listOption(name: string, fallback: readonly string[]): string[] {
  const raw = readOption(name);
  if (raw === undefined || raw === '') return [...fallback];
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}
