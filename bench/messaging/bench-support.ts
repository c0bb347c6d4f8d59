import { randomUUID } from 'node:crypto';
import { MessageRequestedPayload } from '@zagel/contracts';

/** An OTP request of about 300 bytes of JSON, the size the bus targets are stated for. */
export function otpRequest(index: number): MessageRequestedPayload {
  return {
    messageId: randomUUID(),
    organizationId: '0190f7a4-8c1e-7a3b-9f00-4d2c5e6a7b8c',
    to: `+2010${String(index % 100_000_000).padStart(8, '0')}`,
    body:
      `Your Zagel verification code is ${String(index % 1_000_000).padStart(6, '0')}. It expires in 10 minutes. ` +
      'Never share it: Zagel staff will never ask you for it.',
    messageType: 'otp',
    route: 'auto',
    lane: 'live',
    origin: 'otp',
  };
}

export interface Measurement {
  seconds: number;
  /** CPU this process used (all threads), in % of one core: the client's share of the cost. */
  cpuPercent: number;
}

export async function measure(work: () => Promise<void>): Promise<Measurement> {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  return { seconds, cpuPercent: Math.round(((used.user + used.system) / 1e6 / seconds) * 100) };
}

/** Runs jobs over [0, total) in slices of `size`, `concurrency` at a time (an outbox relay with batches in flight). */
export async function pipelined(
  total: number,
  size: number,
  concurrency: number,
  job: (from: number, to: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const from = next;
      next = Math.min(total, next + size);
      await job(from, next);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

export async function until(check: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await check())) await new Promise((done) => setTimeout(done, 5));
}

export function round(value: number): number {
  return Math.round(value * 100) / 100;
}
