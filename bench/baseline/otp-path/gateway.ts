import { randomInt, randomUUID } from 'node:crypto';
import { connect } from 'amqplib';
import fastify from 'fastify';
import { exitOnFailure, readWiring, reportReady } from './wiring';

/**
 * The HTTP edge of the minimal OTP path: `POST /v1/verifications {to}` publishes one persistent
 * message to the durable queue on a confirm channel and answers 202 once the broker confirmed it
 * (as Zagel answers once the send is enqueued).
 */
async function serve(): Promise<void> {
  const wiring = readWiring();
  const connection = await connect(wiring.amqpUrl);
  const channel = await connection.createConfirmChannel();
  await channel.assertQueue(wiring.queue, { durable: true });

  const app = fastify({ logger: false });
  app.post<{ Body: { to?: unknown } }>('/v1/verifications', (request, reply) => {
    const to = request.body?.to;
    if (typeof to !== 'string' || !/^\+[1-9]\d{6,14}$/.test(to)) return reply.code(400).send({ error: 'invalid_to' });
    const id = randomUUID();
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const content = Buffer.from(JSON.stringify({ id, to, code }));
    return new Promise<void>((resolve) => {
      channel.publish('', wiring.queue, content, { persistent: true, contentType: 'application/json', messageId: id }, (error) => {
        if (error) void reply.code(503).send({ error: 'not_enqueued' });
        else void reply.code(202).send({ id, status: 'pending' });
        resolve();
      });
    });
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the gateway has no TCP address');
  reportReady(`http://127.0.0.1:${address.port}`, () => Promise.allSettled([app.close(), connection.close()]));
}

serve().catch(exitOnFailure);
