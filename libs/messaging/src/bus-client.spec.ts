import { IsString } from 'class-validator';
import { lastValueFrom } from 'rxjs';
import { defineCommand, defineEvent, defineRpc } from '@zagel/contracts';
import { Bus } from './bus';
import { BusClient } from './bus-client';

class Thing {
  @IsString()
  name: string;
}

const Happened = defineEvent('test.bus-client.happened', 1, Thing);
const DoIt = defineCommand('test.bus-client.do-it', 1, Thing);
const AskIt = defineRpc('test.bus-client.ask-it', 1, Thing, Thing);

function fakeBus() {
  const calls: unknown[][] = [];
  const bus = {
    publish: (...args: unknown[]) => (calls.push(['publish', ...args]), Promise.resolve({ messageId: 'm-1' })),
    send: (...args: unknown[]) => (calls.push(['send', ...args]), Promise.resolve({ messageId: 'm-2' })),
    rpc: { call: (...args: unknown[]) => (calls.push(['call', ...args]), Promise.resolve({ name: 'answer' })) },
  } as unknown as Bus;
  return { bus, calls };
}

describe('BusClient', () => {
  it('publishes events, and sends commands to its service, through emit', async () => {
    const { bus, calls } = fakeBus();
    const client = new BusClient(bus, 'provider-sender');
    await lastValueFrom(client.emit(Happened.type, { name: 'a' }));
    await lastValueFrom(client.emit(DoIt.type, { name: 'b' }));
    expect(calls).toEqual([
      ['publish', Happened, { name: 'a' }],
      ['send', DoIt, { service: 'provider-sender' }, { name: 'b' }],
    ]);
  });

  it('calls its service with send, and with call and the per-call options', async () => {
    const { bus, calls } = fakeBus();
    const client = new BusClient(bus, 'billing');
    await expect(lastValueFrom(client.send(AskIt.type, { name: 'q' }))).resolves.toEqual({ name: 'answer' });
    await expect(client.call(AskIt, { name: 'r' }, { timeoutMs: 250, tenantId: 'org-1' })).resolves.toEqual({ name: 'answer' });
    expect(calls).toEqual([
      ['call', AskIt, 'billing', { name: 'q' }, {}],
      ['call', AskIt, 'billing', { name: 'r' }, { timeoutMs: 250, tenantId: 'org-1' }],
    ]);
  });

  it('refuses a type that is no contract, or the wrong verb for its kind', async () => {
    const client = new BusClient(fakeBus().bus, 'billing');
    await expect(lastValueFrom(client.send('test.bus-client.nobody', {}))).rejects.toThrow('no contract is defined');
    await expect(lastValueFrom(client.send(Happened.type, { name: 'x' }))).rejects.toThrow('is an event: use emit');
    await expect(lastValueFrom(client.emit(AskIt.type, { name: 'x' }))).rejects.toThrow('is an RPC: use send (or call)');
  });
});
