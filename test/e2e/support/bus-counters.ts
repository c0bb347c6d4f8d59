import { ServiceName } from '@zagel/config';
import { TestPlatform } from '@zagel/testing';

/** One service's bus counters, read from its `/metrics`: the sum of `name` over the series whose labels include `labels`. */
export async function busCounter(platform: TestPlatform, service: ServiceName, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${platform.url(service)}/metrics`)).text();
  let total = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(?:\{(.*)\})? ([0-9.e+-]+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const series = Object.fromEntries([...(match[2] ?? '').matchAll(/([a-z_]+)="([^"]*)"/g)].map(([, key, value]) => [key, value]));
    if (Object.entries(labels).every(([key, value]) => series[key] === value)) total += Number(match[3]);
  }
  return total;
}
