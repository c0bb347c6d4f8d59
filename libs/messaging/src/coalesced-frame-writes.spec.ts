import { createRequire } from 'node:module';
import { PassThrough, Writable } from 'node:stream';
import { coalesceAmqpFrameWrites } from './coalesced-frame-writes';

const { Mux } = createRequire(require.resolve('amqplib'))('./lib/mux') as { Mux: new (out: Writable) => { pipeFrom(readable: PassThrough): void } };

/** A socket stand-in that records each system-call-like write: `_write` for one chunk, `_writev` for a corked run. */
function recordingSocket() {
  const writes: string[][] = [];
  const socket = new Writable({
    write(chunk: Buffer, _encoding, done) {
      writes.push([chunk.toString()]);
      done();
    },
    writev(chunks, done) {
      writes.push(chunks.map(({ chunk }) => (chunk as Buffer).toString()));
      done();
    },
  });
  return { socket, writes };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('amqplib frame writes', () => {
  it('go out as one socket write per drain of the channels, in order', async () => {
    coalesceAmqpFrameWrites();
    const { socket, writes } = recordingSocket();
    const mux = new Mux(socket);
    const publish = new PassThrough({ objectMode: true });
    const ack = new PassThrough({ objectMode: true });
    mux.pipeFrom(publish);
    mux.pipeFrom(ack);
    publish.write(Buffer.from('publish-1'));
    ack.write(Buffer.from('ack-1'));
    publish.write(Buffer.from('publish-2'));
    await turn();
    await turn();
    expect(writes).toEqual([['publish-1', 'ack-1', 'publish-2']]);

    ack.write(Buffer.from('ack-2'));
    await turn();
    await turn();
    expect(writes).toEqual([['publish-1', 'ack-1', 'publish-2'], ['ack-2']]);
  });
});
