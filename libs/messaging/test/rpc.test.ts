import { IsInt, IsString } from 'class-validator';
import { defineRpc, Ping, PingReply } from '@zagel/contracts';
import { currentCorrelation } from '@zagel/observability';
import { RpcRemoteError, RpcTimeoutError, RpcUnavailableError } from '@zagel/messaging';
import { createTestNamespace } from '@zagel/testing';
import { BusFixture, uniqueType } from './bus-test-support';

class ReserveRequest {
  @IsString()
  organizationId: string;

  @IsInt()
  amount: number;
}

class ReserveReply {
  @IsString()
  reservationId: string;

  @IsInt()
  remaining: number;
}

class InsufficientBalance extends Error {
  readonly code = 'insufficient_balance';

  constructor(
    message: string,
    readonly details: { shortfall: number },
  ) {
    super(message);
  }
}

const Reserve = defineRpc(uniqueType('reserve'), 1, ReserveRequest, ReserveReply);

const test = createTestNamespace();
const fixture = new BusFixture(test);

afterAll(() => fixture.cleanup());

describe('rpc', () => {
  it('round-trips a request to the reply class, with the caller correlation and tenant', async () => {
    const server = await fixture.connect('wallet');
    const seen: unknown[] = [];
    server.rpc.handle(Reserve, (request, context) => {
      seen.push({ tenant: context.metadata.tenantId, correlation: currentCorrelation()?.correlationId });
      if (request.amount > 100) throw new InsufficientBalance(`only 100 left, ${request.amount} asked`, { shortfall: request.amount - 100 });
      if (request.amount === 13) throw new Error('ledger unreachable');
      return { reservationId: `r-${request.amount}`, remaining: 100 - request.amount };
    });
    await server.start();
    const client = await fixture.connect('caller');

    const reply = await client.rpc.call(
      Reserve,
      'wallet',
      { organizationId: 'org-1', amount: 30 },
      { tenantId: 'org-1', correlationId: 'corr-1' },
    );
    expect(reply).toBeInstanceOf(ReserveReply);
    expect(reply).toEqual({ reservationId: 'r-30', remaining: 70 });
    expect(seen).toEqual([{ tenant: 'org-1', correlation: 'corr-1' }]);

    await expect(client.rpc.call(Reserve, 'wallet', { organizationId: 'org-1', amount: 500 })).rejects.toEqual(
      expect.objectContaining({
        name: 'RpcRemoteError',
        code: 'insufficient_balance',
        message: 'only 100 left, 500 asked',
        details: { shortfall: 400 },
      }),
    );
    const internal = client.rpc.call(Reserve, 'wallet', { organizationId: 'org-1', amount: 13 });
    await expect(internal).rejects.toBeInstanceOf(RpcRemoteError);
    await expect(internal).rejects.toMatchObject({ code: 'internal', message: 'ledger unreachable' });

    // Calls run concurrently and each gets its own reply.
    const replies = await Promise.all(
      [1, 2, 3, 4, 5].map((amount) => client.rpc.call(Reserve, 'wallet', { organizationId: 'o', amount })),
    );
    expect(replies.map((each) => each.remaining)).toEqual([99, 98, 97, 96, 95]);
  });

  it('answers a request for a type the service does not handle with RpcRemoteError unknown_type', async () => {
    const server = await fixture.connect('picky');
    server.rpc.handle(Reserve, () => ({ reservationId: 'x', remaining: 0 }));
    await server.start();
    const client = await fixture.connect('asker');
    await expect(client.rpc.call(Ping, 'picky', { sentAt: new Date().toISOString() })).rejects.toMatchObject({
      code: 'unknown_type',
    });
  });

  it('times out with RpcTimeoutError when the service has a queue but nobody consumes it', async () => {
    const sleeper = await fixture.connect('sleepy');
    sleeper.rpc.handle(Ping, () => new PingReply());
    await sleeper.start();
    await sleeper.close();

    const client = await fixture.connect('impatient');
    const started = Date.now();
    const call = client.rpc.call(Ping, 'sleepy', { sentAt: new Date().toISOString() }, { timeoutMs: 300 });
    await expect(call).rejects.toBeInstanceOf(RpcTimeoutError);
    await expect(call).rejects.toMatchObject({ type: Ping.type, service: 'sleepy', timeoutMs: 300 });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(290);
    // Rejected at the deadline, not left hanging (generous margin for a loaded CI machine).
    expect(elapsed).toBeLessThan(300 + 5_000);
  });

  it('fails fast with RpcUnavailableError when the service has no rpc queue at all', async () => {
    const client = await fixture.connect('lonely');
    const started = Date.now();
    const call = client.rpc.call(Ping, 'nobody-home', { sentAt: new Date().toISOString() }, { timeoutMs: 30_000 });
    await expect(call).rejects.toBeInstanceOf(RpcUnavailableError);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('rejects an invalid request before sending it', async () => {
    const client = await fixture.connect('sloppy');
    await expect(
      client.rpc.call(Reserve, 'wallet', { organizationId: 'o', amount: 'lots' as unknown as number }),
    ).rejects.toMatchObject({ name: 'ContractViolation' });
  });
});
