import { batteryOf, carrierOf, inboxMessagesOf, parseSmsList, parseTermuxTime, signalOf } from './termux-output';

describe('Termux:API output', () => {
  const list = JSON.stringify([
    { threadid: 3, type: 'inbox', read: false, number: '+201001234567', received: '2026-12-03 17:04:05', body: 'STOP', _id: 41 },
    { threadid: 4, type: 'inbox', read: true, sender: 'Vodafone', number: 'Vodafone', received: '2026-12-03 17:05:00', body: 'Your balance\nis low', _id: 42 },
    { threadid: 4, type: 'inbox', read: true, number: '+2010', received: 'yesterday', body: 'no date', _id: 43 },
    { threadid: 5, type: 'inbox', read: true, received: '2026-12-03 17:05:00', body: 'no number', _id: 44 },
    { threadid: 6, type: 'sent', read: true, number: '+2011', received: '2026-12-03 17:06:00', body: 'sent one', _id: 45 },
  ]);

  it('reads termux-sms-list entries, skipping those without the documented fields', () => {
    expect(parseSmsList(list).map((sms) => sms._id)).toEqual([41, 42, 43, 45]);
  });

  it('keeps inbox messages with a readable local time, as reports', () => {
    expect(inboxMessagesOf(parseSmsList(list))).toEqual([
      { id: '41', from: '+201001234567', body: 'STOP', receivedAt: new Date(2026, 11, 3, 17, 4, 5) },
      { id: '42', from: 'Vodafone', body: 'Your balance\nis low', receivedAt: new Date(2026, 11, 3, 17, 5, 0) },
    ]);
  });

  it('reads `received` as the phone’s local time, and refuses other shapes', () => {
    expect(parseTermuxTime('2026-01-31 08:09:10')).toEqual(new Date(2026, 0, 31, 8, 9, 10));
    expect(parseTermuxTime('31/01/2026')).toBeUndefined();
  });

  it('fails on output that is not JSON (an error text), rather than reading an empty inbox', () => {
    expect(() => parseSmsList('Error: permission denied')).toThrow(/not JSON/);
  });

  it('takes the carrier from the SIM operator (MCC 3 digits, MNC the rest), else from the network', () => {
    expect(carrierOf(JSON.stringify({ sim_operator: '60202', sim_operator_name: 'vodafone EG', network_operator: '60203' }))).toEqual({ mcc: '602', mnc: '02', name: 'vodafone EG' });
    expect(carrierOf(JSON.stringify({ sim_operator: '310260', sim_operator_name: 'T-Mobile' }))).toEqual({ mcc: '310', mnc: '260', name: 'T-Mobile' });
    expect(carrierOf(JSON.stringify({ sim_operator: '', network_operator: '60201', network_operator_name: 'Orange' }))).toEqual({ mcc: '602', mnc: '01', name: 'Orange' });
    expect(carrierOf(JSON.stringify({ sim_state: 'absent' }))).toBeUndefined();
  });

  it('reads battery percentage and the registered cell’s level', () => {
    expect(batteryOf(JSON.stringify({ health: 'GOOD', percentage: 87, plugged: 'UNPLUGGED' }))).toBe(87);
    expect(batteryOf(JSON.stringify({ percentage: 'full' }))).toBeUndefined();
    expect(signalOf(JSON.stringify([{ registered: false, level: 4 }, { registered: true, level: 2 }]))).toBe(2);
    expect(signalOf(JSON.stringify([]))).toBeUndefined();
  });
});
