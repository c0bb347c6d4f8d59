import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { v7 as uuidv7 } from 'uuid';
import {
  ConfigureDevice,
  DeviceOnline,
  DeviceSendAcked,
  DeviceSmsStatus,
  DisconnectDevice,
  MessageRequested,
  PushToDevice,
  PushToDevicePayload,
  Register,
  RegisterDevice,
} from '@zagel/contracts';
import { TestPlatform } from '@zagel/testing';
import { BenchReport, Cell, LatencySummary, listOption, machineInfo, numberOption, printTable, summarizeLatencies, writeReport } from '../common';
import { measureBulkBatches } from './bulk-batches';

/**
 * The pool-dispatcher's hot path: `message.requested` published → `device.push` arriving on the
 * device-gateway instance's queue, with `--phones` fake phones online (played over the bus, each
 * answering ack + sent, so the dispatcher also carries the reports' load):
 *   npm run bench:dispatch -- [--phones=1000] [--rates=100,500] [--messages=3000] [--burst=5000] [--batches=20]
 * Measured: latency at each steady rate, then messages routed per second for a `--burst` published
 * at once, and the dispatcher's own CPU time per message (routing it plus handling the phone's ack
 * and `sent`), which does not depend on what else the machine runs. The floor is one bare bus hop
 * measured in the same run (a command sent straight to the fake gateway's queue): the dispatch path
 * is two hops plus the Redis pick.
 */

const CARRIER_PREFIXES = ['+20100', '+20120', '+20111', '+20155'];
const SERVICES = ['auth', 'pool-dispatcher'] as const;

/** User + system CPU seconds a process has used so far (Linux /proc). */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (value: number) => Math.round(value * 1000) / 1000;

function numberIn(prefix: string, index: number): string {
  return `${prefix}${String(index).padStart(7, '0')}`;
}

async function inBatches<T>(items: readonly T[], size: number, work: (item: T) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < items.length; start += size) await Promise.all(items.slice(start, start + size).map(work));
}

async function main(): Promise<void> {
  const options = {
    phones: numberOption('phones', 1_000),
    rates: listOption('rates', ['100', '500']).map(Number),
    messages: numberOption('messages', 3_000),
    burst: numberOption('burst', 5_000),
    batches: numberOption('batches', 20),
  };
  const machine = machineInfo();
  console.log(`Dispatch hot path on ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}\n`);
  const warmup = 500;
  // Quotas large enough for the whole run, spread (fill-first) over the first phones of each pool.
  const quota = Math.ceil(((warmup + options.messages * options.rates.length + options.burst) * 2) / options.phones) + 5;

  const gatewayInstanceId = `bench-gw-${randomBytes(3).toString('hex')}`;
  const platform = new TestPlatform({
    services: SERVICES,
    settings: { LOG_LEVEL: 'warn', DEVICE_DEFAULT_DAILY_QUOTA: String(quota), DEVICE_ACK_TIMEOUT_MS: '30000', BUS_PREFETCH: '200' },
  });
  await platform.start();
  const client = await platform.probe({ service: 'dispatch-bench' });
  const published = new Map<string, number>();
  const arrived = new Map<string, number>();
  let configured = 0;
  let hopArrivals = new Map<string, number>();

  const answer = async (push: PushToDevicePayload) => {
    const at = new Date().toISOString();
    const { leaseId, messageId, deviceId } = push;
    await client.publish(DeviceSendAcked, { leaseId, messageId, deviceId, accepted: true, at });
    await client.publish(DeviceSmsStatus, { leaseId, messageId, deviceId, status: 'sent', at });
  };
  // Plays the device-gateway instance the phones are "connected" to.
  await platform.probe({
    service: 'device-gateway',
    instanceId: gatewayInstanceId,
    plays: (bus) => {
      bus.onCommand(
        PushToDevice,
        async (push) => {
          const now = performance.now();
          if (push.body === 'hop') {
            hopArrivals.set(push.messageId, now);
            return;
          }
          arrived.set(push.messageId, now);
          await answer(push);
        },
        { perInstance: true },
      );
      bus.onCommand(ConfigureDevice, () => void (configured += 1), { perInstance: true });
      bus.onCommand(DisconnectDevice, () => undefined, { perInstance: true });
    },
  });

  let results: Record<string, unknown>;
  try {
    const owner = await client.rpc.call(Register, 'auth', {
      email: `bench-${randomBytes(4).toString('hex')}@bench.zagel.example.com`,
      password: `Carrier-${randomBytes(8).toString('hex')}-Pigeon!`,
      name: 'Dispatch Bench',
      accountType: 'device_owner',
      client: { ip: '198.51.100.9' },
    });
    process.stdout.write(`registering and connecting ${options.phones} phones… `);
    const indexes = Array.from({ length: options.phones }, (_, index) => index);
    const deviceIds: string[] = [];
    await inBatches(indexes, 25, async (index) => {
      const device = await client.rpc.call(
        RegisterDevice,
        'pool-dispatcher',
        { ownerId: owner.user.id, phoneNumber: numberIn(CARRIER_PREFIXES[index % CARRIER_PREFIXES.length], 1_000_000 + index), label: `bench ${index}` },
        { timeoutMs: 30_000 },
      );
      deviceIds.push(device.id);
    });
    await inBatches(deviceIds, 100, (deviceId) =>
      client.publish(DeviceOnline, { deviceId, ownerId: owner.user.id, gatewayInstanceId, at: new Date().toISOString() }),
    );
    while (configured < options.phones) await sleep(50);
    console.log('done');

    /** Publishes one message; its id, and the publish (resolved on the broker's confirm). */
    const send = (index: number): { messageId: string; confirmed: Promise<unknown> } => {
      const messageId = uuidv7();
      const to = numberIn(CARRIER_PREFIXES[index % CARRIER_PREFIXES.length], 5_000_000 + index);
      published.set(messageId, performance.now());
      const confirmed = client.publish(MessageRequested, { messageId, organizationId: owner.user.id, to, body: 'Your code is 482913', messageType: 'otp', route: 'auto', lane: 'live', origin: 'otp' });
      return { messageId, confirmed };
    };
    const waitForAll = async (ids: readonly string[], timeoutMs = 120_000) => {
      const deadline = Date.now() + timeoutMs;
      while (ids.some((id) => !arrived.has(id))) {
        if (Date.now() > deadline) throw new Error(`${ids.filter((id) => !arrived.has(id)).length} pushes never arrived`);
        await sleep(20);
      }
    };
    const latencies = (ids: readonly string[]) => summarizeLatencies(ids.map((id) => (arrived.get(id) as number) - (published.get(id) as number)));

    // One bare hop: a command from this process to the fake gateway's queue, at the same rate.
    const hop = async (count: number, rate: number): Promise<LatencySummary> => {
      hopArrivals = new Map();
      const sentAt = new Map<string, number>();
      const pending: Promise<unknown>[] = [];
      const start = performance.now();
      for (let index = 0; index < count; index += 1) {
        const wait = start + (index * 1_000) / rate - performance.now();
        if (wait > 1) await sleep(wait);
        const messageId = uuidv7();
        sentAt.set(messageId, performance.now());
        pending.push(
          client.send(PushToDevice, { service: 'device-gateway', instanceId: gatewayInstanceId }, {
            leaseId: uuidv7(), messageId, deviceId: uuidv7(), to: '+201001234567', body: 'hop', expiresAt: new Date(Date.now() + 60_000).toISOString(),
          }),
        );
      }
      await Promise.all(pending);
      while (hopArrivals.size < count) await sleep(20);
      return summarizeLatencies([...sentAt].map(([id, at]) => (hopArrivals.get(id) as number) - at));
    };

    process.stdout.write(`warm-up (${warmup} messages)… `);
    const warm: string[] = [];
    for (let index = 0; index < warmup; index += 1) {
      const { messageId, confirmed } = send(index);
      await confirmed;
      warm.push(messageId);
    }
    await waitForAll(warm);
    console.log('done');

    const highest = Math.max(...options.rates);
    process.stdout.write(`bare bus hop at ${highest}/s (1,000 commands)… `);
    const bareHop = await hop(1_000, highest);
    console.log('done');

    const dispatcherPid = platform.instance('pool-dispatcher').pid;
    const steadyRuns: { rate: number; routedPerSec: number; latencyMs: LatencySummary; cpuMsPerMessage: number }[] = [];
    for (const rate of options.rates) {
      process.stdout.write(`steady: ${options.messages} messages at ${rate}/s… `);
      const steadyIds: string[] = [];
      const pending: Promise<unknown>[] = [];
      const cpuBefore = cpuSeconds(dispatcherPid);
      const steadyStart = performance.now();
      for (let index = 0; index < options.messages; index += 1) {
        const wait = steadyStart + (index * 1_000) / rate - performance.now();
        if (wait > 1) await sleep(wait);
        const { messageId, confirmed } = send(index);
        pending.push(confirmed);
        steadyIds.push(messageId);
      }
      await Promise.all(pending);
      await waitForAll(steadyIds);
      // The phones' ack and sent for the last pushes are handled just after they arrive.
      await sleep(500);
      const cpuMs = (cpuSeconds(dispatcherPid) - cpuBefore) * 1_000;
      const routed = options.messages / ((Math.max(...steadyIds.map((id) => arrived.get(id) as number)) - steadyStart) / 1_000);
      steadyRuns.push({ rate, routedPerSec: round(routed), latencyMs: latencies(steadyIds), cpuMsPerMessage: round(cpuMs / options.messages) });
      console.log('done');
    }

    await sleep(1_000);
    process.stdout.write(`burst: ${options.burst} messages at once… `);
    const burstIds: string[] = [];
    const burstStart = performance.now();
    await inBatches(Array.from({ length: options.burst }, (_, index) => index), 500, async (index) => {
      const { messageId, confirmed } = send(index);
      burstIds.push(messageId);
      await confirmed;
    });
    await waitForAll(burstIds);
    const burstEnd = Math.max(...burstIds.map((id) => arrived.get(id) as number));
    const burstRate = burstIds.length / ((burstEnd - burstStart) / 1_000);
    const burst = latencies(burstIds);
    console.log('done\n');

    const bulk = options.batches > 0 ? await measureBulkBatches(platform, client, owner.user.id, options.batches) : undefined;
    console.log('');

    const floor = 2 * bareHop.p50;
    results = {
      ...(bulk && { bulk }),
      phones: options.phones,
      quotaPerPhone: quota,
      bareHop,
      steady: steadyRuns,
      burst: { messages: burstIds.length, routedPerSec: round(burstRate), latencyMs: burst },
      ratios: Object.fromEntries(steadyRuns.map((run) => [`p50At${run.rate}PerSecToTwoBareHops`, round(run.latencyMs.p50 / floor)])),
    };
    const ms = (value: number): Cell => value.toFixed(2);
    printTable(
      ['path', 'messages', 'routed/s', 'p50 ms', 'p99 ms', 'max ms', 'CPU ms/msg'],
      [
        ['bare bus hop (command → gateway queue)', bareHop.count, '', ms(bareHop.p50), ms(bareHop.p99), ms(bareHop.max), ''],
        ...steadyRuns.map((run): Cell[] => [
          `message.requested → device.push, ${run.rate}/s`,
          run.latencyMs.count,
          Math.round(run.routedPerSec),
          ms(run.latencyMs.p50),
          ms(run.latencyMs.p99),
          ms(run.latencyMs.max),
          run.cpuMsPerMessage.toFixed(2),
        ]),
        ['message.requested → device.push, burst', burst.count, Math.round(burstRate), ms(burst.p50), ms(burst.p99), ms(burst.max), ''],
      ],
    );
    console.log(`\nCPU ms/msg: the dispatcher's CPU for routing a message and handling its ack and sent.`);
    console.log(`p50 ÷ two bare hops: ${steadyRuns.map((run) => `${run.rate}/s ${round(run.latencyMs.p50 / floor)}`).join(', ')}`);
  } finally {
    await platform.stop();
  }
  const report: BenchReport = { bench: 'dispatch', date: new Date().toISOString(), machine, options, results };
  console.log(`written to ${writeReport(report)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
