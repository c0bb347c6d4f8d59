import fastify from 'fastify';

/**
 * A bare Fastify JSON endpoint, run as a child process of the baseline bench so that
 * the load generator and the server do not share one event loop.
 */
async function serve(): Promise<void> {
  const app = fastify({ logger: false });
  app.get('/v1/ping', async () => ({ id: '01890a5d-ac96-774b-bcce-b302099a8057', status: 'queued', at: new Date().toISOString() }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('server has no TCP address');
  process.send?.({ port: address.port });
  process.on('disconnect', () => void app.close().then(() => process.exit(0)));
}

serve().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
