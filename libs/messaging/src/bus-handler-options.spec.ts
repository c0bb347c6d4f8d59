import { IsString } from 'class-validator';
import { defineCommand, defineEvent, defineRpc, MessageStatusChanged } from '@zagel/contracts';
import { readHandlerOptions } from './bus-handler-options';

class Thing {
  @IsString()
  name: string;
}

const Happened = defineEvent('test.handler-options.happened', 1, Thing);
const DoIt = defineCommand('test.handler-options.do-it', 1, Thing);
const AskIt = defineRpc('test.handler-options.ask-it', 1, Thing, Thing);

describe('readHandlerOptions', () => {
  it('reads the options each kind of handler takes', () => {
    expect(readHandlerOptions(Happened, { lane: 'status' })).toEqual({ lane: 'status' });
    expect(readHandlerOptions(DoIt, { perInstance: true })).toEqual({ perInstance: true });
    expect(readHandlerOptions(AskIt, {})).toEqual({});
    expect(readHandlerOptions(Happened)).toEqual({});
  });

  it('refuses an option the kind does not take, or of the wrong type', () => {
    expect(() => readHandlerOptions(Happened, { perInstance: true })).toThrow('unknown option(s) perInstance; it takes lane, bindings');
    expect(() => readHandlerOptions(AskIt, { lane: 'otp' })).toThrow('unknown option(s) lane; it takes none');
    expect(() => readHandlerOptions(Happened, { lane: 3 })).toThrow('lane must be a string');
    expect(() => readHandlerOptions(DoIt, { perInstance: 'yes' })).toThrow('perInstance must be a boolean');
  });

  it('reads binding patterns shaped like the contract routing key', () => {
    const bindings = ['message.status.*.otp', 'message.status.sent.*'];
    expect(readHandlerOptions(MessageStatusChanged, { lane: 'live', bindings })).toEqual({ lane: 'live', bindings });
  });

  it('refuses bindings that could match another contract or a value the field never takes', () => {
    const refused = (bindings: unknown) => () => readHandlerOptions(MessageStatusChanged, { bindings });
    expect(refused('message.status.*.otp')).toThrow('bindings must be a non-empty list');
    expect(refused([])).toThrow('bindings must be a non-empty list');
    expect(refused(['message.status.#'])).toThrow('must be message.status.<status>.<origin>');
    expect(refused(['message.status.batch'])).toThrow('must be message.status.<status>.<origin>');
    expect(refused(['message.status.sent.campaign'])).toThrow('origin "campaign" is not one of otp, api');
    expect(refused(['message.requested.*.*'])).toThrow('does not start with "message.status."');
    expect(() => readHandlerOptions(Happened, { bindings: ['test.handler-options.happened.x'] })).toThrow('has no routing fields');
  });
});
