import { createServer } from 'node:http';
import { connect, ConsumeMessage } from 'amqplib';
import { createClient } from 'redis';
import { Server, Socket } from 'socket.io';
import { exitOnFailure, readWiring, reportReady } from './wiring';

const CODE_TTL_SECONDS = 600;
const ACK_TIMEOUT_MS = 10_000;

/**
 * The worker of the minimal OTP path: consumes the queue with manual acks, stores the code in
 * Redis (one SET with a TTL), pushes `sms:send` to a connected phone over Socket.IO, and acks the
 * delivery only once the phone acked the event (a refused or lost push is requeued).
 */
async function serve(): Promise<void> {
  const wiring = readWiring();
  const redis = createClient({ url: wiring.redisUrl });
  await redis.connect();

  const httpServer = createServer();
  const io = new Server(httpServer, { transports: ['websocket'], serveClient: false });
  const phones: Socket[] = [];
  io.on('connection', (socket) => {
    phones.push(socket);
    socket.on('disconnect', () => {
      const index = phones.indexOf(socket);
      if (index >= 0) phones.splice(index, 1);
    });
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const address = httpServer.address();
  if (!address || typeof address === 'string') throw new Error('the worker has no TCP address');

  const connection = await connect(wiring.amqpUrl);
  const channel = await connection.createChannel();
  await channel.assertQueue(wiring.queue, { durable: true });
  await channel.prefetch(wiring.prefetch);
  let next = 0;
  const handle = async (message: ConsumeMessage) => {
    const { id, to, code } = JSON.parse(message.content.toString('utf8')) as { id: string; to: string; code: string };
    await redis.set(`${wiring.keyPrefix}${id}`, code, { EX: CODE_TTL_SECONDS });
    const phone = phones[next++ % phones.length];
    if (!phone) throw new Error('no phone connected');
    const answer = (await phone.timeout(ACK_TIMEOUT_MS).emitWithAck('sms:send', { messageId: id, to, body: `Your code is ${code}` })) as {
      accepted?: boolean;
    };
    if (!answer?.accepted) throw new Error('the phone refused');
  };
  await channel.consume(wiring.queue, (message) => {
    if (!message) return;
    handle(message).then(
      () => channel.ack(message),
      () => channel.nack(message, false, true),
    );
  });
  reportReady(`http://127.0.0.1:${address.port}`, () => Promise.allSettled([connection.close(), redis.close(), io.close()]));
}

serve().catch(exitOnFailure);
