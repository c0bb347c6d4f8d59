import { DeviceHeartbeatReport, SmsStatusReport } from '@zagel/contracts';
import { validatePayload } from './validate-payload';

describe('validatePayload', () => {
  const report = { messageId: '0193a1b2-0000-7000-8000-000000000001', status: 'sent', at: '2026-11-30T04:00:00.000Z' };

  it('accepts a valid report as an instance of its class', () => {
    expect(validatePayload(SmsStatusReport, report)).toBeInstanceOf(SmsStatusReport);
  });

  it.each([
    ['a string', 'sent'],
    ['an array', [report]],
    ['null', null],
    ['an unknown status', { ...report, status: 'read' }],
    ['an extra property', { ...report, leaseId: 'x' }],
    ['a missing date', { messageId: report.messageId, status: 'sent' }],
  ])('refuses %s', (_label, value) => {
    expect(validatePayload(SmsStatusReport, value)).toBeUndefined();
  });

  it('validates the nested carrier of a heartbeat', () => {
    expect(validatePayload(DeviceHeartbeatReport, { battery: 80, carrier: { mcc: '602', mnc: '02', name: 'Vodafone' } })).toBeDefined();
    expect(validatePayload(DeviceHeartbeatReport, { carrier: { mcc: 'x', mnc: '02' } })).toBeUndefined();
    expect(validatePayload(DeviceHeartbeatReport, { battery: 101 })).toBeUndefined();
  });
});
