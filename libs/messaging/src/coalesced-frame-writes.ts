import { createRequire } from 'node:module';
import type { Writable } from 'node:stream';

interface AmqplibMux {
  out: Writable;
  _readIncoming(): void;
}

const PATCHED = Symbol.for('zagel.amqplibCoalescedWrites');

/**
 * amqplib's multiplexer drains every channel's pending frames in one turn of the event loop but
 * writes them to the socket one `write` each: one system call (and on loopback one TCP segment the
 * broker handles apart) per publish, ack and RPC reply. Corking the socket for the drain sends them
 * as one `writev`, in the same turn: nothing waits longer, the broker reads one segment. Profiled on
 * the OTP path, those writes were the otp service's largest CPU item (a quarter of its samples).
 */
export function coalesceAmqpFrameWrites(): void {
  const prototype = amqplibMuxPrototype();
  // An amqplib whose multiplexer is laid out otherwise is left as it is: one write per frame is slower, not wrong.
  if (!prototype || prototype[PATCHED] || typeof prototype._readIncoming !== 'function') return;
  const readIncoming = prototype._readIncoming;
  prototype._readIncoming = function (this: AmqplibMux) {
    const out = this.out;
    if (typeof out.cork !== 'function') return readIncoming.call(this);
    out.cork();
    try {
      readIncoming.call(this);
    } finally {
      out.uncork();
    }
  };
  prototype[PATCHED] = true;
}

function amqplibMuxPrototype(): (AmqplibMux & { [PATCHED]?: true }) | undefined {
  try {
    const amqplib = createRequire(require.resolve('amqplib'));
    return (amqplib('./lib/mux') as { Mux?: { prototype: AmqplibMux & { [PATCHED]?: true } } }).Mux?.prototype;
  } catch {
    return undefined;
  }
}
