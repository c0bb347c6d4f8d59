import type { ServicePlan } from './service-plan';

const RESET = '\u001b[0m';
const SERVICE_COLORS = [36, 35, 33, 32, 34, 96, 95, 93, 92, 94];
const LAUNCHER_NAME = 'launcher';

export type Tone = 'info' | 'good' | 'warn' | 'bad';
const TONE_COLORS: Record<Tone, number | undefined> = { info: undefined, good: 32, warn: 33, bad: 31 };

/** Colors on a terminal unless NO_COLOR; FORCE_COLOR forces them. */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0';
  return stream.isTTY === true;
}

function paint(text: string, code: number | undefined, color: boolean): string {
  return color && code !== undefined ? `\u001b[${code}m${text}${RESET}` : text;
}

/** `billing        | `: the name padded to the widest, colored per service. */
export function linePrefix(name: string, width: number, colorCode: number | undefined, color: boolean): string {
  return `${paint(name.padEnd(width), colorCode, color)} | `;
}

export function formatSeconds(ms: number): string {
  return `${(ms / 1_000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

interface Writable {
  write(text: string): unknown;
}

/** Everything the launcher prints: its own lines and its children's, each behind a name prefix. */
export class LauncherOutput {
  private readonly width: number;
  private readonly colors = new Map<string, number>();

  constructor(
    names: readonly string[],
    private readonly color: boolean,
    private readonly out: Writable = process.stdout,
    private readonly err: Writable = process.stderr,
  ) {
    this.width = Math.max(LAUNCHER_NAME.length, ...names.map((name) => name.length));
    names.forEach((name, index) => this.colors.set(name, SERVICE_COLORS[index % SERVICE_COLORS.length]));
  }

  /** A line a service wrote. */
  service(name: string, line: string, stream: 'stdout' | 'stderr'): void {
    (stream === 'stderr' ? this.err : this.out).write(`${linePrefix(name, this.width, this.colors.get(name), this.color)}${line}\n`);
  }

  /** A line of the launcher's own. */
  say(text: string, tone: Tone = 'info'): void {
    const target = tone === 'bad' ? this.err : this.out;
    target.write(`${linePrefix(LAUNCHER_NAME, this.width, 1, this.color)}${paint(text, TONE_COLORS[tone], this.color)}\n`);
  }
}

/** What to print once the services are up: where each one is and how to use the platform. */
export function readySummary(plans: readonly ServicePlan[], notReady: readonly string[], elapsedMs: number): string[] {
  const width = Math.max(...plans.map((plan) => plan.name.length));
  const ready = plans.length - notReady.length;
  const lines = [
    notReady.length === 0
      ? `${plans.length === 1 ? 'the service is' : `all ${plans.length} services are`} ready after ${formatSeconds(elapsedMs)}`
      : `${ready} of ${plans.length} services ready; not ready after ${formatSeconds(elapsedMs)}: ${notReady.join(', ')} (see their output above)`,
    ...plans.map((plan) => `  ${plan.name.padEnd(width)}  ${plan.url}${notReady.includes(plan.name) ? '  (not ready)' : ''}`),
  ];
  const gateway = plans.find((plan) => plan.name === 'api-gateway');
  if (gateway) {
    lines.push(
      `API:       ${gateway.url}/v1`,
      `Docs:      ${gateway.url}/docs`,
      `Readiness: curl localhost:${gateway.port}/health/ready`,
    );
  }
  lines.push('Ctrl-C stops everything.');
  return lines;
}
