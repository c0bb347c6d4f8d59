import { IsString } from 'class-validator';
import { defineCommand, defineEvent, defineRpc } from '@zagel/contracts';
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
    expect(() => readHandlerOptions(Happened, { perInstance: true })).toThrow('unknown option(s) perInstance; it takes lane');
    expect(() => readHandlerOptions(AskIt, { lane: 'otp' })).toThrow('unknown option(s) lane; it takes none');
    expect(() => readHandlerOptions(Happened, { lane: 3 })).toThrow('lane must be a string');
    expect(() => readHandlerOptions(DoIt, { perInstance: 'yes' })).toThrow('perInstance must be a boolean');
  });
});
