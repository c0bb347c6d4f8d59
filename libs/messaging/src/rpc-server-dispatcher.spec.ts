import type { ConsumeMessage } from 'amqplib';
import { GetBalance } from '@zagel/contracts';
import { Route } from './handler-registry';
import { Delivery } from './queue-consumer';
import { RpcServerDispatcher } from './rpc-server-dispatcher';

describe('RpcServerDispatcher', () => {
  function request(): ConsumeMessage {
    return {
      content: Buffer.from(JSON.stringify({ organizationId: '0190f3a0-0000-7000-8000-000000000001' })),
      fields: { deliveryTag: 1, redelivered: false, exchange: '', routingKey: 'billing.rpc', consumerTag: 'c' },
      properties: { type: GetBalance.type, replyTo: 'amq.rabbitmq.reply-to', correlationId: 'c-1', headers: {} },
    } as unknown as ConsumeMessage;
  }

  it('acks a request before its reply goes out, so a caller holding an answer never has the request redelivered', async () => {
    const steps: string[] = [];
    const routes = new Map<string, Route>([[GetBalance.type, { contract: GetBalance, bindings: [], handler: () => (steps.push('handled'), { balance: 0 }) }]]);
    const dispatcher = new RpcServerDispatcher({ service: 'billing', routes, logger: { log: () => undefined, warn: () => undefined, error: () => undefined } });
    const delivery: Delivery = {
      message: request(),
      queue: { name: 'billing.rpc', role: 'rpc', retries: [] },
      ack: () => steps.push('ack'),
      nack: () => steps.push('nack'),
      reply: (routingKey, content) => steps.push(`reply to ${routingKey}: ${JSON.parse(content.toString()).ok}`),
    };
    await dispatcher.dispatch(delivery);
    expect(steps).toEqual(['handled', 'ack', 'reply to amq.rabbitmq.reply-to: true']);
  });
});
