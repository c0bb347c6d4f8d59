import { FILTER_PATTERN_MAX_LENGTH, messageIdFilters, snsDeliveryFailureCode, snsDeliveryReport } from './sns.delivery-status';

describe('SNS SMS delivery status events', () => {
  const event = (status: string, providerResponse: string) =>
    JSON.stringify({ notification: { messageId: 'm-1', timestamp: '2016-06-28 00:40:34.558' }, delivery: { destination: '+14155550100', providerResponse }, status });

  it('reads SUCCESS as delivered and FAILURE as failed, at the time the event was logged', () => {
    expect(snsDeliveryReport(event('SUCCESS', 'Message has been accepted by phone carrier'), 1_467_074_435_000)).toEqual({
      providerMessageId: 'm-1',
      status: 'delivered',
      at: '2016-06-28T00:40:35.000Z',
    });
    expect(snsDeliveryReport(event('FAILURE', 'Unknown error attempting to reach phone'), undefined)).toEqual({ providerMessageId: 'm-1', status: 'failed', errorCode: 'carrier_failure' });
    expect(snsDeliveryReport('not json', 1)).toBeUndefined();
    expect(snsDeliveryReport(event('PENDING', ''), 1)).toBeUndefined();
  });

  it.each([
    ['Phone number is opted out', 'unsubscribed_number'],
    ['Invalid phone number', 'invalid_number'],
    ['Phone has blocked SMS', 'blocked_number'],
    ['Destination is on a blocked list', 'blocked_number'],
    ['Phone is currently unreachable/unavailable', 'unreachable_number'],
    ['Phone carrier is currently unreachable/unavailable', 'carrier_failure'],
    ['Phone carrier has blocked this message', 'carrier_failure'],
    ['Blocked as spam by phone carrier', 'carrier_failure'],
    ['This delivery would exceed max price', 'carrier_failure'],
  ])('"%s" is %s', (providerResponse, code) => {
    expect(snsDeliveryFailureCode(providerResponse)).toBe(code);
  });

  it('ORs message ids into filter patterns no longer than CloudWatch takes, skipping ids SNS cannot have made', () => {
    expect(messageIdFilters(['a-1', 'b"2', 'c_3'])).toEqual([
      { filterPattern: '{ ($.notification.messageId = "a-1") || ($.notification.messageId = "c_3") }', messageIds: ['a-1', 'c_3'] },
    ]);
    const uuids = Array.from({ length: 15 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const filters = messageIdFilters(uuids);
    expect(filters.map((filter) => filter.messageIds.length)).toEqual([14, 1]);
    expect(Math.max(...filters.map((filter) => filter.filterPattern.length))).toBeLessThanOrEqual(FILTER_PATTERN_MAX_LENGTH);
  });
});
