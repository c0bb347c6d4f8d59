import { MessageRequested, MessageStatusChanged } from '@zagel/contracts';
import { HandlerRegistry } from './handler-registry';

const handler = () => undefined;

describe('HandlerRegistry', () => {
  it('takes one event contract on two lanes when their bindings cannot take the same key', () => {
    const registry = new HandlerRegistry();
    registry.addEvent(MessageRequested, handler, { lane: 'live', bindings: ['message.requested.live.*'] });
    registry.addEvent(MessageRequested, handler, { lane: 'bulk', bindings: ['message.requested.bulk.*'] });
    expect(registry.routesFor('events', 'live').get(MessageRequested.type)?.bindings).toEqual(['message.requested.live.*']);
    expect(registry.routesFor('events', 'bulk').get(MessageRequested.type)?.bindings).toEqual(['message.requested.bulk.*']);
  });

  it('refuses overlapping bindings (the message would be handled twice) and a second handler on one lane', () => {
    const registry = new HandlerRegistry();
    registry.addEvent(MessageStatusChanged, handler, { lane: 'live', bindings: ['message.status.*.otp'] });
    expect(() => registry.addEvent(MessageStatusChanged, handler, { lane: 'bulk', bindings: ['message.status.sent.*'] })).toThrow(
      'bindings on lanes live and bulk overlap',
    );
    expect(() => registry.addEvent(MessageStatusChanged, handler, { lane: 'live', bindings: ['message.status.*.api'] })).toThrow(
      'already registered on lane live',
    );
  });

  it('binds every key of the contract when the handler names no bindings', () => {
    const registry = new HandlerRegistry();
    registry.addEvent(MessageStatusChanged, handler);
    expect(registry.routesFor('events').get(MessageStatusChanged.type)?.bindings).toEqual(['message.status.*.*']);
  });
});
