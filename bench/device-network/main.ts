import { v7 as uuidv7 } from 'uuid';
import { AdminListPools, MessageRequested, Register, RegisterDevice } from '@zagel/contracts';
import { DeviceFleet, generateMobileNumber, simOperatorFor } from '@zagel/device-simulator';
import { TestPlatform } from '@zagel/testing';
import { BenchReport, CostMeter, costRows, machineInfo, numberOption, pacedLoop, printBusTable, printCostTable, printTable, readReport, summarizeLatencies, writeReport } from '../common';

/**
 * The device route end to end: `message.requested` published → pool-dispatcher picks a phone in the
 * (country, carrier) pool and leases it → device-gateway → the simulated phone receives `sms:send`:
 *   npm run bench:device-network -- [--phones=1000] [--rate=500] [--seconds=10]
 * auth, pool-dispatcher and device-gateway run as processes in a fresh namespace; the phones and the
 * publisher run in this process, so one clock times both ends. Every phone is a Vodafone Egypt SIM and
 * every message goes to a distinct Vodafone Egypt number (the carrier pool).
 */

const SERVICES = ['auth', 'pool-dispatcher', 'device-gateway'] as const;
const CLIENT = 'bench-publisher';
const COUNTRY = 'EG';
const CARRIER = 'Vodafone';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const options = { phones: numberOption('phones', 1_000), rate: numberOption('rate', 500), seconds: numberOption('seconds', 10) };
  const machine = machineInfo();
  console.log(`message.requested → phone on ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}`);
  console.log(`${options.phones} phones, ${options.rate} messages/s for ${options.seconds} s\n`);

  const platform = new TestPlatform({
    services: SERVICES,
    settings: { LOG_LEVEL: 'warn', DEVICE_DEFAULT_DAILY_QUOTA: '10000', DEVICE_MAX_IN_FLIGHT: '100', DEVICE_EVENTS_PER_SECOND: '10000' },
  });
  await platform.start();
  const client = await platform.probe({ service: CLIENT });
  const fleet = new DeviceFleet({ gatewayUrl: platform.url('device-gateway'), deliveredAfterMs: -1, heartbeatIntervalMs: 0, carrier: simOperatorFor(COUNTRY, CARRIER) });
  const publishedAt = new Map<string, number>();
  const toPhone: number[] = [];
  const receivedIds = new Set<string>();
  let published = 0;
  let elapsedSeconds = 0;
  let costs: Awaited<ReturnType<CostMeter['between']>> | undefined;
  try {
    const owner = await client.rpc.call(
      Register,
      'auth',
      { email: `bench-${uuidv7()}@bench.zagel.example.com`, password: 'violet-harbor-93-quill-tundra', name: 'Bench Owner', accountType: 'device_owner', client: {} },
      { timeoutMs: 10_000 },
    );
    process.stdout.write(`registering ${options.phones} phones… `);
    const taken = new Set<string>();
    const devices: { deviceId: string; deviceToken: string; phoneNumber: string }[] = [];
    while (devices.length < options.phones) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, options.phones - devices.length) }, async () => {
          let phoneNumber = await generateMobileNumber(COUNTRY, CARRIER);
          while (taken.has(phoneNumber)) phoneNumber = await generateMobileNumber(COUNTRY, CARRIER);
          taken.add(phoneNumber);
          const device = await client.rpc.call(RegisterDevice, 'pool-dispatcher', { ownerId: owner.user.id, phoneNumber, label: 'bench' }, { timeoutMs: 10_000 });
          return { deviceId: device.id, deviceToken: device.deviceToken, phoneNumber };
        }),
      );
      devices.push(...batch);
    }
    console.log('connecting…');
    await fleet.connect(devices);
    for (const phone of fleet.phones) {
      phone.on('message', (message: { messageId: string }) => {
        const started = publishedAt.get(message.messageId);
        if (started === undefined || receivedIds.has(message.messageId)) return;
        receivedIds.add(message.messageId);
        toPhone.push(performance.now() - started);
      });
    }
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { items } = await client.rpc.call(AdminListPools, 'pool-dispatcher', {}, { timeoutMs: 10_000 });
      const online = items.reduce((sum, pool) => (pool.carrier ? sum + pool.onlinePhones : sum), 0);
      if (online >= options.phones) break;
      if (Date.now() > deadline) throw new Error(`only ${online} of ${options.phones} phones came online`);
      await sleep(500);
    }
    console.log(`${options.phones} phones online in the ${COUNTRY} ${CARRIER} pool\n`);

    const recipients = await Promise.all(Array.from({ length: 2_000 }, () => generateMobileNumber(COUNTRY, CARRIER)));
    const total = Math.round(options.rate * options.seconds);
    // What each message costs: the services' CPU, Postgres round trips, Redis commands and bus traffic
    // between two readings around the run (the second once the bus is quiet: the phones' reports settled).
    const meter = new CostMeter({
      processes: [
        ...SERVICES.map((service) => ({ name: service, pid: platform.instance(service).pid ?? -1, url: platform.url(service) })),
        { name: 'bench (phones + publisher)', pid: process.pid },
      ],
      databaseUrl: platform.namespace.settings.DATABASE_URL,
    });
    const before = await meter.read();
    elapsedSeconds = await pacedLoop(options.rate, total, async (index) => {
      const messageId = uuidv7();
      publishedAt.set(messageId, performance.now());
      published += 1;
      await client.publish(MessageRequested, {
        messageId,
        organizationId: owner.user.id,
        to: recipients[index % recipients.length],
        body: 'Your Zagel code is 482913',
        messageType: 'otp',
        route: 'devices',
        lane: 'live',
        origin: 'otp',
        expiresAt: new Date(Date.now() + 120_000).toISOString(),
      });
    });
    const waitUntil = Date.now() + 30_000;
    while (toPhone.length < published && Date.now() < waitUntil) await sleep(100);
    costs = await meter.between(before, await meter.settle());
  } finally {
    fleet.close();
    await platform.stop();
  }

  const latency = summarizeLatencies(toPhone);
  const bare = readReport<{ rabbitmq?: { endToEndPerSec: number; endToEndLatencyMs?: { p50: number; p99: number } } }>('baseline')?.results.rabbitmq;
  const achieved = published / elapsedSeconds;
  printTable(
    ['path', 'count', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'],
    [['message.requested → phone sms:send', latency.count, latency.p50, latency.p90, latency.p99, latency.max]],
  );
  console.log(`\npublished ${published} at ${achieved.toFixed(0)}/s; ${toPhone.length} reached a phone`);
  if (costs) {
    console.log('\nper message (routed, pushed, acked and reported sent):');
    printCostTable(costs, published, 'msg');
    console.log('');
    printBusTable(costs, published, 'msg');
  }
  const results = {
    published,
    routedPerSec: toPhone.length / elapsedSeconds,
    toPhoneMs: latency,
    lost: published - toPhone.length,
    ...(costs ? { costPerMessage: costRows(costs, published) } : {}),
    ...(bare ? { bareRabbitEndToEndPerSec: bare.endToEndPerSec, rateRatio: achieved / bare.endToEndPerSec } : {}),
  };
  if (bare) console.log(`rate ÷ bare RabbitMQ end-to-end (${bare.endToEndPerSec.toFixed(0)}/s): ${(achieved / bare.endToEndPerSec).toFixed(3)}`);
  const report: BenchReport = { bench: 'device-network', date: new Date().toISOString(), machine, options, results };
  console.log(`written to ${writeReport(report)}`);
  if (results.lost > 0) throw new Error(`${results.lost} message(s) never reached a phone`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
