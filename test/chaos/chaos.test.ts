import { ChaosReport, formatChaosReport, runChaos } from '@zagel/testing';

// Issue 18's chaos at CI size (npm run chaos runs the full 100,000): a 2,000-recipient campaign to a
// provider simulator that counts each submit, and a steady OTP load on pool phones, while each of the
// eight services is SIGKILLed and restarted in turn, every broker connection of the platform is dropped
// and a private Redis is crashed and restarted. Nothing may be lost or doubled, and the phones must be
// back in their pools afterwards.

let report: ChaosReport;

beforeAll(async () => {
  report = await runChaos({
    recipients: 2_000,
    ratePerSecond: 100,
    otpPerSecond: 2,
    finishDeadlineMs: 180_000,
    log: (line) => process.stdout.write(`chaos: ${line}\n`),
  });
  process.stdout.write(formatChaosReport(report));
}, 900_000); // each restart waits for readiness: minutes on a loaded machine

it('sends every recipient exactly once and leaves none waiting', () => {
  expect(report.sends).toEqual(expect.objectContaining({ recipients: 2_000, once: 2_000, duplicates: 0, missing: 0, stuck: 0, strangers: 0 }));
});

it('ends every verification approved or with a clear final status, most of them approved', () => {
  expect(report.otp.hung).toBe(0);
  expect(report.otp.started).toBeGreaterThan(0);
  expect(report.otp.approved).toBeGreaterThan(report.otp.started / 2);
  expect(report.otp.afterChaos.viaPhone).toBeGreaterThan(0);
});

it('keeps every ledger transaction balanced, every outbox published and every dead-letter queue empty', () => {
  expect(report.ledger.transactions).toBeGreaterThan(0);
  expect(report.ledger.unbalanced).toBe(0);
  expect(report.outbox.olderThanMinute).toBe(0);
  expect(report.deadLetters.queues).toEqual([]);
});

it('recovers from every disruption: each target ready again and work resumed', () => {
  expect(report.disruptions.map((disruption) => disruption.what)).toEqual(expect.arrayContaining(['SIGKILL device-gateway', 'SIGKILL provider-sender', 'broker connections']));
  for (const disruption of report.disruptions) expect(disruption).toEqual(expect.objectContaining({ resumedMs: expect.any(Number) }));
  expect(report.problems).toEqual([]);
});
