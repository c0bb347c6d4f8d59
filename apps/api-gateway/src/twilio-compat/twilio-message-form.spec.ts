import { messageContentOf } from './twilio-message-form';
import { rfc2822, twilioPrice } from './twilio-message-resource';

const NOW = new Date('2026-12-03T12:00:00Z');

describe("a Twilio create-message form as a Zagel message", () => {
  it('keeps From and MessagingServiceSid in metadata.twilio, and maps StatusCallback, ValidityPeriod and SendAt', () => {
    const { content, twilio } = messageContentOf(
      { To: '+14155550123', From: '+15005550006', Body: 'Hi', StatusCallback: 'https://example.com/s', ValidityPeriod: '60', ScheduleType: 'fixed', SendAt: '2026-12-04T09:00:00Z' },
      NOW,
    );
    expect(twilio).toEqual({ from: '+15005550006' });
    expect(content).toEqual({
      to: '+14155550123',
      body: 'Hi',
      type: 'transactional',
      metadata: { twilio: { from: '+15005550006' } },
      callbackUrl: 'https://example.com/s',
      expiresAt: '2026-12-03T12:01:00.000Z',
      scheduleAt: '2026-12-04T09:00:00.000Z',
    });
  });

  it.each([
    [{ Body: 'Hi', From: '+1500' }, 21604],
    [{ To: '+14155550123', From: '+1500' }, 21602],
    [{ To: '+14155550123', Body: 'Hi' }, 21603],
    [{ To: '+14155550123', Body: 'x'.repeat(1601), From: '+1500' }, 21617],
    [{ To: '+14155550123', Body: 'Hi', MessagingServiceSid: 'MG123' }, 20001],
    [{ To: '+14155550123', Body: 'Hi', From: '+1500', ValidityPeriod: '0' }, 20001],
    [{ To: '+14155550123', Body: 'Hi', From: '+1500', ScheduleType: 'fixed' }, 20001],
  ])('refuses %j with Twilio code %d', (form, code) => {
    expect(() => messageContentOf(form, NOW)).toThrow(expect.objectContaining({ status: 400, code }));
  });
});

describe('Twilio resource fields', () => {
  it('writes dates as RFC 2822 and prices as negative major units', () => {
    expect(rfc2822('2026-12-03T18:53:40.123Z')).toBe('Thu, 03 Dec 2026 18:53:40 +0000');
    expect(twilioPrice(6, 'USD')).toBe('-0.06000');
  });
});
