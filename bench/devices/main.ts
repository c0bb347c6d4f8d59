import { v7 as uuidv7 } from 'uuid';
import { DeviceReports, IssueDeviceToken, PushToDevice, Register } from '@zagel/contracts';
import { DeviceFleet } from '@zagel/device-simulator';
import { TestPlatform } from '@zagel/testing';
import { BenchReport, machineInfo, numberOption, pacedLoop, printTable, readReport, summarizeLatencies, writeReport } from '../common';

/**
 * The device-gateway leg of a device send: `device.push` on the gateway instance's queue → the
 * phone receives `sms:send` (and → the dispatcher hears the phone's ack in `device.reports`), at a paced rate:
 *   npm run bench:devices -- [--phones=100] [--rate=1000] [--seconds=10]
 * auth and device-gateway run as processes in a fresh namespace; the phones and the sending
 * "dispatcher" run in this process, so one clock times both ends. The phones answer at once and
 * report `sent` (which frees their in-flight slot). Compared with the bare RabbitMQ end-to-end figure
 * of bench/results/baseline.json when present.
 */

const SERVICES = ['auth', 'device-gateway'] as const;
const CLIENT = 'bench-dispatcher';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const options = { phones: numberOption('phones', 100), rate: numberOption('rate', 1_000), seconds: numberOption('seconds', 10) };
  const machine = machineInfo();
  console.log(`device-gateway push → phone on ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}`);
  console.log(`${options.phones} phones, ${options.rate} pushes/s for ${options.seconds} s\n`);

  const platform = new TestPlatform({ services: SERVICES, settings: { LOG_LEVEL: 'warn', DEVICE_MAX_IN_FLIGHT: '100', DEVICE_EVENTS_PER_SECOND: '10000' } });
  await platform.start();
  const sentAt = new Map<string, number>();
  const toPhone: number[] = [];
  const toAck: number[] = [];
  const client = await platform.probe({
    service: CLIENT,
    plays: (bus) =>
      // The gateway relays acks (with statuses and returns) in `device.reports` batches.
      bus.onEvent(DeviceReports, (batch) => {
        for (const event of batch.acks) {
          const started = sentAt.get(event.messageId);
          if (started !== undefined) toAck.push(performance.now() - started);
        }
      }),
  });
  const fleet = new DeviceFleet({ gatewayUrl: platform.url('device-gateway'), deliveredAfterMs: -1, heartbeatIntervalMs: 0 });
  let pushed = 0;
  let elapsedSeconds = 0;
  try {
    const owner = await client.rpc.call(Register, 'auth', {
      email: `bench-${uuidv7()}@bench.zagel.example.com`,
      password: 'violet-harbor-93-quill-tundra',
      name: 'Bench Owner',
      accountType: 'device_owner',
      client: {},
    }, { timeoutMs: 10_000 });
    const devices = await Promise.all(
      Array.from({ length: options.phones }, async () => {
        const deviceId = uuidv7();
        const issued = await client.rpc.call(IssueDeviceToken, 'auth', { deviceId, ownerId: owner.user.id }, { timeoutMs: 10_000 });
        return { deviceId, deviceToken: issued.deviceToken };
      }),
    );
    await fleet.connect(devices);
    for (const phone of fleet.phones) {
      phone.on('message', (message: { messageId: string }) => {
        const started = sentAt.get(message.messageId);
        if (started !== undefined) toPhone.push(performance.now() - started);
      });
    }
    await sleep(1_000);

    const total = Math.round(options.rate * options.seconds);
    elapsedSeconds = await pacedLoop(options.rate, total, (index) => {
      const device = devices[index % devices.length];
      const messageId = uuidv7();
      sentAt.set(messageId, performance.now());
      pushed += 1;
      return client.send(PushToDevice, { service: 'device-gateway', instanceId: platform.instance('device-gateway').instanceId }, {
        leaseId: uuidv7(),
        messageId,
        deviceId: device.deviceId,
        to: '+201001234567',
        body: 'Your Zagel code is 482913',
        expiresAt: new Date(Date.now() + 120_000).toISOString(),
      });
    });
    const deadline = Date.now() + 15_000;
    while ((toPhone.length < pushed || toAck.length < pushed) && Date.now() < deadline) await sleep(100);
  } finally {
    fleet.close();
    await platform.stop();
  }

  const phoneLatency = summarizeLatencies(toPhone);
  const ackLatency = summarizeLatencies(toAck);
  const bare = readReport<{ rabbitmq?: { endToEndPerSec: number } }>('baseline')?.results.rabbitmq;
  const achieved = pushed / elapsedSeconds;
  printTable(
    ['path', 'count', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'],
    [
      ['device.push → phone sms:send', phoneLatency.count, phoneLatency.p50, phoneLatency.p90, phoneLatency.p99, phoneLatency.max],
      ['device.push → the ack in device.reports', ackLatency.count, ackLatency.p50, ackLatency.p90, ackLatency.p99, ackLatency.max],
    ],
  );
  console.log(`\npushed ${pushed} at ${achieved.toFixed(0)}/s; received ${toPhone.length}, acked ${toAck.length}`);
  const results = {
    pushed,
    pushesPerSec: achieved,
    toPhoneMs: phoneLatency,
    toAckMs: ackLatency,
    lost: pushed - toPhone.length,
    ...(bare ? { bareRabbitEndToEndPerSec: bare.endToEndPerSec, rateRatio: achieved / bare.endToEndPerSec } : {}),
  };
  if (bare) console.log(`rate ÷ bare RabbitMQ end-to-end (${bare.endToEndPerSec.toFixed(0)}/s): ${(achieved / bare.endToEndPerSec).toFixed(3)}`);
  const report: BenchReport = { bench: 'devices', date: new Date().toISOString(), machine, options, results };
  console.log(`written to ${writeReport(report)}`);
  if (results.lost > 0) throw new Error(`${results.lost} push(es) never reached a phone`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
