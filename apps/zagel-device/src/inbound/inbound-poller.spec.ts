import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeviceEventAck } from '@zagel/contracts';
import { InboxMessage, SmsBackend } from '../backends/sms-backend';
import { InboundLedger } from './inbound-ledger';
import { InboundPoller } from './inbound-poller';

function backendWith(messages: InboxMessage[]): SmsBackend {
  return { name: 'termux', inbox: async () => messages, settled: async () => undefined } as unknown as SmsBackend;
}

describe('InboundPoller', () => {
  const joined = new Date('2026-12-04T10:00:00.700Z');
  const dir = mkdtempSync(join(tmpdir(), 'zagel-inbound-poller-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports an SMS stamped with the second the phone joined in (the tools give no finer time), not one from before', async () => {
    const reported: string[] = [];
    const poller = new InboundPoller(
      backendWith([
        { id: '1', from: '+201000000001', body: 'before', receivedAt: new Date('2026-12-04T09:59:59.000Z') },
        { id: '2', from: '+201000000002', body: 'same second', receivedAt: new Date('2026-12-04T10:00:00.000Z') },
      ]),
      new InboundLedger(join(dir, 'ledger.json')),
      async (report): Promise<DeviceEventAck> => {
        reported.push(report.body);
        return { ok: true };
      },
      () => undefined,
      joined,
    );

    await poller.poll();

    expect(reported).toEqual(['same second']);
  });
});
