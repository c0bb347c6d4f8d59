import { IsIn, IsString } from 'class-validator';
import { defineEvent } from './contract';
import { MessageRequested, MessageRequestedPayload } from './messages/message-requested.event';
import { MessageStatusChanged, MessageStatusPayload } from './messages/message-status.event';
import { MESSAGE_STATUSES } from './messages/message-types';
import { bindingsOverlap, everyKeyOf, routingKeyOf } from './routing';
import { MessageStatusBatch } from './messages/message-batch.events';
import { MessageStatusesChanged, MessageStatusesPayload } from './messages/message-statuses.event';

/** RabbitMQ's topic match: `*` is one word, `#` zero or more. */
function topicMatches(pattern: string, key: string): boolean {
  const match = (p: string[], k: string[]): boolean => {
    if (p.length === 0) return k.length === 0;
    if (p[0] === '#') return match(p.slice(1), k) || (k.length > 0 && match(p, k.slice(1)));
    return k.length > 0 && (p[0] === '*' || p[0] === k[0]) && match(p.slice(1), k.slice(1));
  };
  return match(pattern.split('.'), key.split('.'));
}

const status = (value: MessageStatusPayload['status'], origin: MessageStatusPayload['origin']) =>
  routingKeyOf(MessageStatusChanged, { status: value, origin } as MessageStatusPayload);

describe('routing keys from the payload', () => {
  it('publishes message.requested and message.status under the fields consumers filter on', () => {
    expect(routingKeyOf(MessageRequested, { lane: 'live', origin: 'otp' } as MessageRequestedPayload)).toBe('message.requested.live.otp');
    expect(status('delivered', 'api')).toBe('message.status.delivered.api');
    expect(routingKeyOf(MessageStatusBatch, { items: [] })).toBe('message.status.batch');
  });

  it('binds every key of a contract by default, and a single-status binding never takes message.status.batch', () => {
    expect(everyKeyOf(MessageStatusChanged)).toBe('message.status.*.*');
    expect(everyKeyOf(MessageStatusBatch)).toBe('message.status.batch');
    for (const pattern of ['message.status.*.*', 'message.status.*.otp', 'message.status.canceled.*']) {
      expect(topicMatches(pattern, MessageStatusBatch.type)).toBe(false);
    }
    for (const value of MESSAGE_STATUSES) expect(topicMatches('message.status.batch', status(value, 'otp'))).toBe(false);
  });

  it('publishes the dispatcher\'s live step batches as message.statuses.<kind>.<origin>, never taken by a single-status binding', () => {
    const statuses = (kind: MessageStatusesPayload['kind']) => routingKeyOf(MessageStatusesChanged, { kind, origin: 'otp', items: [] });
    expect(statuses('routing')).toBe('message.statuses.routing.otp');
    expect(topicMatches('message.statuses.outcome.otp', statuses('routing'))).toBe(false);
    expect(topicMatches('message.statuses.*.otp', statuses('outcome'))).toBe(true);
    for (const pattern of ['message.status.*.*', 'message.status.*.otp', 'message.status.batch']) {
      expect(topicMatches(pattern, statuses('outcome'))).toBe(false);
    }
  });

  it('lets a consumer take one origin or one status only', () => {
    expect(topicMatches('message.status.*.otp', status('sent', 'otp'))).toBe(true);
    expect(topicMatches('message.status.*.otp', status('sent', 'api'))).toBe(false);
    expect(topicMatches('message.status.canceled.*', status('sent', 'api'))).toBe(false);
    expect(topicMatches('message.requested.live.*', 'message.requested.bulk.api')).toBe(false);
  });

  it('knows when two bindings of one contract can take the same key', () => {
    expect(bindingsOverlap('message.requested.live.*', 'message.requested.bulk.*')).toBe(false);
    expect(bindingsOverlap('message.status.*.otp', 'message.status.sent.*')).toBe(true);
    expect(bindingsOverlap('message.status.*.otp', 'message.status.*.api')).toBe(false);
  });

  it('refuses routing fields whose values are not single words', () => {
    class Tagged {
      @IsString()
      @IsIn(['a.b'])
      tag: string;
    }
    expect(() => defineEvent('test.routing.tagged', 1, Tagged, { routing: [{ name: 'tag', values: ['a.b'] }] })).toThrow('single words');
  });
});
