import { performance } from 'node:perf_hooks';
import { ServiceName } from '@zagel/config';
import { freePort, TestEsme, TestPlatform } from '@zagel/testing';
import { measureRabbitMq } from '../baseline/rabbitmq';
import { BenchReport, Cell, machineInfo, numberOption, printTable, writeReport } from '../common';

/**
 * SMPP submit rate: submit_sm PDUs answered per second by the gateway's SMPP server (each one the same
 * SendMessage RPC as POST /v1/messages: priced, reserved, stored, requested), with `sessions` ESMEs of `window`
 * outstanding submits each; the same count through POST /v1/messages at the same concurrency (the facade's
 * overhead); and the bare RabbitMQ limit measured now (persistent, confirmed publishes with the same window):
 *   npm run bench:smpp -- [--messages=5000] [--sessions=1] [--window=10]
 */

const SERVICES: readonly ServiceName[] = ['auth', 'billing', 'ingestion', 'api-gateway'];
const HIGH_LIMIT = String(1_000_000_000);
const recipient = (index: number) => `1415555${String(index % 10_000).padStart(4, '0')}`;

/** Runs `count` calls with `concurrency` in flight; answers the rate per second. */
async function rate(count: number, concurrency: number, call: (index: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await call(next++);
    }),
  );
  return Math.round(count / ((performance.now() - started) / 1_000));
}

async function main(): Promise<void> {
  const options = { messages: numberOption('messages', 5_000), sessions: numberOption('sessions', 1), window: numberOption('window', 10) };
  const machine = machineInfo();
  console.log(`SMPP submits on ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}\n`);
  const concurrency = options.sessions * options.window;
  const smppPort = await freePort();
  const platform = new TestPlatform({
    services: SERVICES,
    settings: {
      LOG_LEVEL: 'warn',
      SMPP_PORT: String(smppPort),
      RATE_LIMIT_PER_KEY_PER_MINUTE: HIGH_LIMIT,
      RATE_LIMIT_PER_ORG_PER_MINUTE: HIGH_LIMIT,
      RATE_LIMIT_PER_IP_PER_MINUTE: HIGH_LIMIT,
    },
  });
  try {
    await platform.start();
    const customer = await platform.customer({ label: 'smpp-bench', credit: 1_000_000_000, scopes: ['messages:send'] });
    const key = (await customer.owner.post('/v1/api-keys', { name: 'smpp bench', scopes: ['messages:send'] })).expectStatus(201);
    const esmes = await Promise.all(Array.from({ length: options.sessions }, () => TestEsme.connect(smppPort)));
    for (const esme of esmes) {
      const bound = await esme.request('bind_transmitter', { system_id: key.id, password: key.key });
      if (bound.command_status !== 0) throw new Error(`bind refused: ${bound.command_status}`);
    }
    let throttled = 0;
    const submit = async (index: number) => {
      for (;;) {
        const response = await esmes[index % esmes.length]!.request('submit_sm', { destination_addr: recipient(index), short_message: `Your order ${index} has shipped.` });
        if (response.command_status === 0) return;
        if (response.command_status !== 0x58) throw new Error(`submit_sm refused: ${response.command_status}`);
        throttled += 1;
      }
    };
    process.stdout.write('warm-up… ');
    await rate(200, concurrency, submit);
    console.log('done');
    const smppPerSec = await rate(options.messages, concurrency, submit);
    const restPerSec = await rate(options.messages, concurrency, async (index) => {
      (await customer.app.post('/v1/messages', { to: `+${recipient(index)}`, body: `Your order ${index} has shipped.` }, { idempotencyKey: null })).expectStatus(202);
    });
    for (const esme of esmes) esme.close();

    const rabbit = await measureRabbitMq({ url: platform.namespace.settings.RABBITMQ_URL, messages: 50_000, messageBytes: 300, window: concurrency, prefetch: 1_000 });
    const rows: Cell[][] = [
      [`bare RabbitMQ: persistent confirmed publishes, window ${concurrency}`, rabbit.publishConfirmedPerSec, '1'],
      [`submit_sm → submit_sm_resp, ${options.sessions} session(s) × window ${options.window}`, smppPerSec, (smppPerSec / rabbit.publishConfirmedPerSec).toFixed(3)],
      [`POST /v1/messages, ${concurrency} in flight`, restPerSec, (restPerSec / rabbit.publishConfirmedPerSec).toFixed(3)],
    ];
    printTable(['', 'per second', 'ratio to bare RabbitMQ'], rows);
    console.log(`\nSMPP / REST: ${(smppPerSec / restPerSec).toFixed(2)}; submits throttled and retried: ${throttled}`);
    const report: BenchReport = {
      bench: 'smpp',
      date: new Date().toISOString(),
      machine,
      options,
      results: { smppPerSec, restPerSec, rabbitPublishConfirmedPerSec: rabbit.publishConfirmedPerSec, throttled },
    };
    console.log(`written to ${writeReport(report)}`);
  } finally {
    await platform.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
