import { closedStateOf, countsAsTimeout, refundsQuota } from './lease-states';

describe('quota accounting on a failed lease', () => {
  it('gives the unit back when the SMS never left the phone', () => {
    expect(refundsQuota('rejected', 'pushed')).toBe(true);
    expect(refundsQuota('ack_timeout', 'pushed')).toBe(true);
    expect(refundsQuota('returned', 'pushed')).toBe(true);
    expect(refundsQuota('device_offline', 'pushed')).toBe(true);
  });

  it('keeps it once the phone accepted the send or reported a failure', () => {
    expect(refundsQuota('returned', 'accepted')).toBe(false);
    expect(refundsQuota('device_offline', 'accepted')).toBe(false);
    expect(refundsQuota('send_timeout', 'accepted')).toBe(false);
    expect(refundsQuota('failed', 'accepted')).toBe(false);
  });

  it('names the closed state and the weight of each failure', () => {
    expect(closedStateOf('ack_timeout')).toBe('timed_out');
    expect(closedStateOf('rejected')).toBe('rejected');
    expect(countsAsTimeout('send_timeout')).toBe(true);
    expect(countsAsTimeout('failed')).toBe(false);
  });
});
