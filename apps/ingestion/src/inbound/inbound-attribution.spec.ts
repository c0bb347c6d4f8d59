import { InboundSmsReceivedPayload } from '@zagel/contracts';
import { conversationKey, senderOf } from './inbound-attribution';

const DEVICE = '0190a7c4-0000-7000-8000-000000000001';
const ACCOUNT = '0190a7c4-0000-7000-8000-000000000002';
const now = new Date('2026-12-03T12:00:00.000Z');

const inbound = (extra: Partial<InboundSmsReceivedPayload>): InboundSmsReceivedPayload => ({
  dedupeKey: 'k',
  channel: 'device',
  deviceId: DEVICE,
  from: '+14155550123',
  body: 'yes',
  receivedAt: '2026-12-03T11:00:00.000Z',
  ...extra,
});

describe('conversationKey', () => {
  it('looks for the last message to the sender through the phone that received the reply, 30 days back', () => {
    expect(conversationKey(inbound({}), now)).toEqual({
      number: '+14155550123',
      route: { deviceId: DEVICE },
      since: new Date('2026-11-03T11:00:00.000Z'),
    });
  });

  it('goes by the provider account for provider and SMPP replies', () => {
    for (const channel of ['provider', 'smpp'] as const) {
      expect(conversationKey(inbound({ channel, deviceId: undefined, providerKind: 'twilio', providerAccountId: ACCOUNT }), now)?.route).toEqual({
        providerAccountId: ACCOUNT,
      });
    }
  });

  it('never takes the route a device report names for another channel, nor the other way round', () => {
    expect(conversationKey(inbound({ channel: 'provider', providerAccountId: undefined }), now)).toBeNull();
    expect(conversationKey(inbound({ deviceId: undefined, providerAccountId: ACCOUNT }), now)).toBeNull();
  });

  it('attributes nothing to an alphanumeric sender', () => {
    expect(conversationKey(inbound({ from: 'ACME' }), now)).toBeNull();
  });

  it('counts the window from now when the phone reports a time in the future', () => {
    expect(conversationKey(inbound({ receivedAt: '2027-01-01T00:00:00.000Z' }), now)?.since).toEqual(new Date('2026-11-03T12:00:00.000Z'));
  });
});

describe('senderOf', () => {
  it('stores numbers as E.164 and sender ids as reported', () => {
    expect(senderOf(' +1 415 555 0123 ')).toBe('+14155550123');
    expect(senderOf('ACME')).toBe('ACME');
  });
});
