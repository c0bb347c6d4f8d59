import { ServiceName } from '@zagel/config';
import { TestPlatform } from '@zagel/testing';
import { BenchReport, Cell, machineInfo, numberOption, printTable, summarizeLatencies, writeReport } from '../common';

/**
 * The Twilio-compatible facade's cost over the native route: the same single sends through
 * `POST /v1/messages` (JSON, bearer API key) and `POST /twilio/2010-04-01/Accounts/{sid}/Messages.json`
 * (form-encoded, HTTP Basic, Twilio-shaped answer), in alternating rounds on one platform:
 *   npm run bench:twilio-compat -- [--requests=2000] [--concurrency=20] [--rounds=4]
 * The ratio is facade / native: 1 means the facade costs nothing extra.
 */

const SERVICES: readonly ServiceName[] = ['auth', 'billing', 'ingestion', 'api-gateway'];
const HIGH_LIMIT = String(1_000_000_000);

interface Route {
  name: string;
  send: (index: number) => Promise<Response>;
}

async function drive(route: Route, requests: number, concurrency: number): Promise<{ seconds: number; latenciesMs: number[] }> {
  const latenciesMs: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        const index = next++;
        const sent = process.hrtime.bigint();
        const response = await route.send(index);
        await response.arrayBuffer();
        if (response.status !== 201 && response.status !== 202) throw new Error(`${route.name}: HTTP ${response.status}`);
        latenciesMs.push(Number(process.hrtime.bigint() - sent) / 1e6);
      }
    }),
  );
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, latenciesMs };
}

async function main(): Promise<void> {
  const options = { requests: numberOption('requests', 2_000), concurrency: numberOption('concurrency', 20), rounds: numberOption('rounds', 4) };
  const machine = machineInfo();
  console.log(`Twilio facade vs /v1/messages on ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}\n`);

  const platform = new TestPlatform({
    services: SERVICES,
    settings: { LOG_LEVEL: 'warn', RATE_LIMIT_PER_KEY_PER_MINUTE: HIGH_LIMIT, RATE_LIMIT_PER_ORG_PER_MINUTE: HIGH_LIMIT, RATE_LIMIT_PER_IP_PER_MINUTE: HIGH_LIMIT },
  });
  try {
    await platform.start();
    const customer = await platform.customer({ label: 'twilio-bench', credit: 1_000_000_000, scopes: ['messages:send', 'messages:read'] });
    const keys = (await customer.owner.get('/v1/api-keys')).body.items as unknown as { prefix: string; twilioAccountSid: string; twilioKeySid: string }[];
    const key = keys.find((candidate) => customer.apiKey.startsWith(candidate.prefix))!;
    const gateway = platform.url('api-gateway');
    const basic = `Basic ${Buffer.from(`${key.twilioKeySid}:${customer.apiKey}`).toString('base64')}`;
    const to = (index: number) => `+1415555${String(index % 10_000).padStart(4, '0')}`;
    const body = (index: number) => `Your order ${index} has shipped. Track it in the app.`;

    const routes: Route[] = [
      {
        name: 'POST /v1/messages',
        send: (index) =>
          fetch(`${gateway}/v1/messages`, {
            method: 'POST',
            headers: { authorization: `Bearer ${customer.apiKey}`, 'content-type': 'application/json' },
            body: JSON.stringify({ to: to(index), body: body(index) }),
          }),
      },
      {
        name: 'POST /twilio/…/Messages.json',
        send: (index) =>
          fetch(`${gateway}/twilio/2010-04-01/Accounts/${key.twilioAccountSid}/Messages.json`, {
            method: 'POST',
            headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ To: to(index), From: '+15005550006', Body: body(index) }).toString(),
          }),
      },
    ];
    process.stdout.write('warm-up… ');
    for (const route of routes) await drive(route, 200, options.concurrency);
    console.log('done');

    const samples = new Map<string, { seconds: number; latenciesMs: number[] }>(routes.map((route) => [route.name, { seconds: 0, latenciesMs: [] }]));
    for (let round = 0; round < options.rounds; round += 1) {
      // Alternating order, so neither route always runs on the warmer (or more loaded) platform.
      for (const route of round % 2 === 0 ? routes : [...routes].reverse()) {
        const result = await drive(route, options.requests, options.concurrency);
        const total = samples.get(route.name)!;
        total.seconds += result.seconds;
        total.latenciesMs.push(...result.latenciesMs);
      }
      process.stdout.write(`${round + 1}/${options.rounds} `);
    }
    console.log('\n');

    const figures = routes.map((route) => {
      const { seconds, latenciesMs } = samples.get(route.name)!;
      return { name: route.name, perSec: Math.round(latenciesMs.length / seconds), ...summarizeLatencies(latenciesMs) };
    });
    const [native, facade] = figures;
    const throughputRatio = Math.round((facade.perSec / native.perSec) * 1000) / 1000;
    const rows: Cell[][] = figures.map((figure) => [
      figure.name,
      figure.perSec,
      figure.p50.toFixed(1),
      figure.p99.toFixed(1),
      figure === native ? '1' : throughputRatio.toFixed(3),
    ]);
    printTable(['', 'sends/s', 'p50 ms', 'p99 ms', 'ratio to /v1'], rows);
    console.log(`\nfacade p50 overhead: ${(facade.p50 - native.p50).toFixed(2)} ms per send`);
    const report: BenchReport = { bench: 'twilio-compat', date: new Date().toISOString(), machine, options, results: { native, facade, throughputRatio } };
    console.log(`written to ${writeReport(report)}`);
  } finally {
    await platform.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
