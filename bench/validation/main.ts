/**
 * What checking one bus payload costs, the old way (class-transformer + class-validator per hop)
 * and the new (the ajv schema compiled once from the same decorators), on the hot payloads:
 * `message.requested` and a `message.status.batch` of 500 items. CPU only, no services.
 *
 *   npm run bench:validation -- [seconds per figure=1]
 *
 * Writes bench/results/validation.json (relative to the working directory, the repo root).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import {
  MessageRequested,
  MessageStatusBatch,
  parsePayload,
  parsePayloadWithClassValidator,
  payloadCheck,
} from '@zagel/contracts';

const [seconds = 1] = process.argv.slice(2).map(Number);
const write = (line: string) => process.stdout.write(`${line}\n`);

const id = (n: number) => `0190a1b2-c3d4-7e5f-8a9b-${n.toString(16).padStart(12, '0')}`;
const requested = {
  messageId: id(1),
  organizationId: id(2),
  to: '+4915112345678',
  body: 'Your Zagel code is 482913. It expires in 10 minutes.',
  messageType: 'otp',
  route: 'auto',
  expiresAt: '2026-12-03T07:10:00.000Z',
  priority: 0,
  excludeDeviceIds: [id(3)],
};
const statusBatch = {
  items: Array.from({ length: 500 }, (_, n) => ({
    messageId: id(100 + n),
    organizationId: id(2),
    status: 'sent',
    route: 'provider',
    provider: 'twilio',
    providerMessageId: `SM${n}`,
    at: '2026-12-03T07:00:00.000Z',
  })),
};

/** Nanoseconds per call of `run`, after a warm-up, over about `seconds`. */
function nsPerCall(run: () => unknown): number {
  for (let i = 0; i < 200; i++) run();
  let calls = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(seconds * 1e9));
  let now = started;
  while (now < deadline) {
    for (let i = 0; i < 20; i++) run();
    calls += 20;
    now = process.hrtime.bigint();
  }
  return Number(now - started) / calls;
}

interface Row {
  payload: string;
  bytes: number;
  jsonParseNs: number;
  classValidatorNs: number;
  schemaNs: number;
}

function measure(name: string, contract: typeof MessageRequested | typeof MessageStatusBatch, plain: object): Row {
  const json = JSON.stringify(plain);
  const type = contract.type;
  const cls = contract.payload as new () => object;
  if (payloadCheck(cls).kind !== 'schema') throw new Error(`${type} has no compiled schema`);
  return {
    payload: name,
    bytes: Buffer.byteLength(json),
    jsonParseNs: nsPerCall(() => JSON.parse(json)),
    classValidatorNs: nsPerCall(() => parsePayloadWithClassValidator(type, cls, plain)),
    schemaNs: nsPerCall(() => parsePayload(type, cls, plain)),
  };
}

function main(): void {
  write(`validation bench: ns per payload, ${seconds} s per figure, ${cpus()[0]?.model ?? 'cpu'}`);
  const rows = [
    measure('message.requested', MessageRequested, requested),
    measure('message.status.batch (500 items)', MessageStatusBatch, statusBatch),
  ];
  write('');
  write(`${'payload'.padEnd(34)} ${'bytes'.padStart(7)} ${'class-validator'.padStart(16)} ${'schema'.padStart(12)} ${'speed-up'.padStart(9)} ${'JSON.parse'.padStart(11)}`);
  for (const row of rows) {
    const ns = (value: number) => `${Math.round(value).toLocaleString('en')} ns`;
    write(
      `${row.payload.padEnd(34)} ${String(row.bytes).padStart(7)} ${ns(row.classValidatorNs).padStart(16)} ${ns(row.schemaNs).padStart(12)} ` +
        `${(row.classValidatorNs / row.schemaNs).toFixed(1).padStart(8)}x ${ns(row.jsonParseNs).padStart(11)}`,
    );
  }
  write('');
  write('(JSON.parse of the same payload, which every consumer pays anyway, is the bare limit for scale.)');
  write('command: npm run bench:validation');
  const file = resolve('bench/results/validation.json');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), seconds, rows }, null, 2)}\n`);
}

main();
