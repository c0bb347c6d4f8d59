import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeviceEventAck, SmsSendAck, SmsStatusReport } from '@zagel/contracts';
import { OutboundSender } from '../src/agent/outbound-sender';
import { toolRunner } from '../src/backends/run-tool';
import { TermuxBackend } from '../src/backends/termux/termux-backend';
import { SendJournal } from '../src/journal/send-journal';
import { StandInTools } from './support/stand-in-tools';

/**
 * The phone's answers to `sms:send` with the Termux backend on the stand-in tools: the owner's pause
 * and quota, a repeated push, and reports retried until the server acks them. The server's side is
 * the `sms:status` emitter the sender is given (the connection in the agent), recorded here.
 */

let tools: StandInTools;
let dir: string;
let journal: SendJournal;
let reports: SmsStatusReport[];
let answer: DeviceEventAck;
let sender: OutboundSender;

beforeEach(() => {
  tools = new StandInTools();
  dir = mkdtempSync(join(tmpdir(), 'zagel-sender-'));
  journal = new SendJournal(join(dir, 'journal.jsonl'));
  reports = [];
  answer = { ok: true };
  const backend = new TermuxBackend(toolRunner({ ...process.env, ...tools.env }));
  sender = new OutboundSender(journal, backend, async (report) => (reports.push(report), answer), () => undefined);
});
afterEach(async () => {
  journal.close();
  await tools.remove();
  rmSync(dir, { recursive: true, force: true });
});

const push = (messageId: string, to = '+201001234567', expiresInMs = 60_000) => {
  let acked: SmsSendAck | undefined;
  sender.take({ messageId, to, body: `text of ${messageId}`, expiresAt: new Date(Date.now() + expiresInMs).toISOString() }, (ack) => (acked = ack));
  return acked;
};

it('takes a message, sends it once, and reports `sent` until acked', async () => {
  expect(push('m1')).toEqual({ accepted: true });
  await sender.idle();

  expect(tools.calls('termux-sms-send').map((call) => call.args)).toEqual([['-n', '+201001234567', 'text of m1']]);
  expect(reports).toEqual([{ messageId: 'm1', status: 'sent', at: expect.any(String) }]);
  expect(journal.get('m1')).toMatchObject({ outcome: { status: 'sent' }, reported: true });
});

it('a repeated push is accepted again and not sent again', async () => {
  push('m1');
  await sender.idle();
  expect(push('m1')).toEqual({ accepted: true });
  await sender.idle();
  expect(tools.calls('termux-sms-send')).toHaveLength(1);
});

it('refuses while paused, once the quota of the last 24 hours is used, and when expired', async () => {
  sender.configure({ dailyQuota: 1, paused: true });
  expect(push('m1')).toEqual({ accepted: false, reason: 'paused' });
  sender.configure({ dailyQuota: 1, paused: false });
  expect(push('m2')).toEqual({ accepted: true });
  expect(push('m3')).toEqual({ accepted: false, reason: 'quota_exhausted' });
  expect(push('m4', '+201001234567', -1)).toEqual({ accepted: false, reason: 'expired' });
  await sender.idle();
  expect(tools.calls('termux-sms-send')).toHaveLength(1);
});

it('a failed send is reported failed with the backend’s code', async () => {
  tools.failSends(true);
  push('m1');
  await sender.idle();
  expect(reports).toEqual([{ messageId: 'm1', status: 'failed', errorCode: 'termux_api_error', at: expect.any(String) }]);
});

it('keeps a report the server did not take, and reports it again later; a report it refuses for good is not retried', async () => {
  answer = { ok: false, error: 'unavailable' };
  push('m1');
  await sender.idle();
  expect(journal.get('m1')?.reported).toBe(false);

  answer = { ok: true };
  await sender.reportPending();
  expect(journal.get('m1')?.reported).toBe(true);
  expect(reports.map((report) => report.messageId)).toEqual(['m1', 'm1']);

  answer = { ok: false, error: 'unknown_message' };
  push('m2');
  await sender.idle();
  await sender.reportPending();
  expect(reports.filter((report) => report.messageId === 'm2')).toHaveLength(1);
});
