import { countryTimeZones, nextSendWindowOpening, sendWindowOpen } from './send-window';

describe('send window', () => {
  const office = { from: '09:00', to: '20:00' };

  it('is open between the local hours of a one-zone country, in its own zone', () => {
    // Tehran is UTC+03:30 (no DST).
    expect(sendWindowOpen(office, 'IR', new Date('2026-12-03T05:29:00Z'))).toBe(false);
    expect(sendWindowOpen(office, 'IR', new Date('2026-12-03T05:30:00Z'))).toBe(true);
    expect(sendWindowOpen(office, 'IR', new Date('2026-12-03T16:29:00Z'))).toBe(true);
    expect(sendWindowOpen(office, 'IR', new Date('2026-12-03T16:30:00Z'))).toBe(false);
  });

  it('in a country of many zones, is open only while it is open in every one of them', () => {
    expect(countryTimeZones('US')).toEqual(expect.arrayContaining(['America/New_York', 'America/Los_Angeles', 'Pacific/Honolulu']));
    // 15:00 in New York is 10:00 in Honolulu (December): open everywhere.
    expect(sendWindowOpen(office, 'US', new Date('2026-12-03T20:00:00Z'))).toBe(true);
    // 13:00 in New York is 08:00 in Honolulu: not yet.
    expect(sendWindowOpen(office, 'US', new Date('2026-12-03T18:00:00Z'))).toBe(false);
  });

  it('keeps to the days given, by the local weekday', () => {
    const weekdays = { ...office, days: [1, 2, 3, 4, 5] };
    // 10:00 in Tehran: on Saturday 2026-12-05 closed, on Friday open.
    expect(sendWindowOpen(weekdays, 'IR', new Date('2026-12-05T06:30:00Z'))).toBe(false);
    expect(sendWindowOpen(weekdays, 'IR', new Date('2026-12-04T06:30:00Z'))).toBe(true);
  });

  it('runs over midnight when `to` is before `from`, on the days it opens', () => {
    const night = { from: '22:00', to: '06:00', days: [5] };
    // London in winter is UTC: Friday 23:00 and Saturday 05:59 are in Friday's night, Saturday 23:00 is not.
    expect(sendWindowOpen(night, 'GB', new Date('2026-12-04T23:00:00Z'))).toBe(true);
    expect(sendWindowOpen(night, 'GB', new Date('2026-12-05T05:59:00Z'))).toBe(true);
    expect(sendWindowOpen(night, 'GB', new Date('2026-12-05T23:00:00Z'))).toBe(false);
    expect(sendWindowOpen(night, 'GB', new Date('2026-12-04T21:59:00Z'))).toBe(false);
  });

  it('finds the next opening: now when open, the latest zone opening for a country of many zones', () => {
    const now = new Date('2026-12-03T20:00:00Z');
    expect(nextSendWindowOpening(office, 'US', now)).toEqual(now);
    // Every zone must be open: the US opens when the last zone does, 09:00 in Honolulu (19:00Z, 14:00 in New York).
    expect(nextSendWindowOpening(office, 'US', new Date('2026-12-04T02:00:00Z'))).toEqual(new Date('2026-12-04T19:00:00Z'));
    expect(nextSendWindowOpening(office, 'IR', new Date('2026-12-03T17:00:00Z'))).toEqual(new Date('2026-12-04T05:30:00Z'));
  });

  it('crosses a daylight-saving change to the minute', () => {
    // Berlin moves to summer time on 2027-03-28 (UTC+2): Sunday closed, Monday 09:00 local is 07:00Z.
    const weekdays = { ...office, days: [1, 2, 3, 4, 5] };
    expect(nextSendWindowOpening(weekdays, 'DE', new Date('2027-03-27T12:00:00Z'))).toEqual(new Date('2027-03-29T07:00:00Z'));
  });
});
